package alf.environments.classic;

import alf.rl.Environment;
import alf.environments.parallel.ParallelEnvironment;
import alf.environments.simulator.SimulatorEnvironment;
import alf.environments.simulator.StatefulSimulator;
import alf.environments.wrappers.TimeLimit;
import java.util.List;

/**
 * Registry of the classic-control ports by their Gymnasium ids, with the registered time limits:
 * Pendulum-v1 (200 steps), MountainCarContinuous-v0 (999), CartPole-v1 (500), Acrobot-v1 (500).
 */
public final class ClassicControl {

    /** The registered ids, in a fixed order. */
    public static final List<String> IDS =
            List.of(Pendulum.ID, MountainCarContinuous.ID, CartPole.ID, Acrobot.ID);

    private ClassicControl() {
    }

    /** The task without its time limit (the bare physics). */
    public static StatefulSimulator createUnlimited(String id) {
        return switch (requireKnown(id)) {
            case Pendulum.ID -> new Pendulum();
            case MountainCarContinuous.ID -> new MountainCarContinuous();
            case CartPole.ID -> new CartPole();
            case Acrobot.ID -> new Acrobot();
            default -> throw new AssertionError(id);
        };
    }

    /** The registered time limit of the task. */
    public static int maxEpisodeSteps(String id) {
        return switch (requireKnown(id)) {
            case Pendulum.ID -> Pendulum.MAX_EPISODE_STEPS;
            case MountainCarContinuous.ID -> MountainCarContinuous.MAX_EPISODE_STEPS;
            case CartPole.ID -> CartPole.MAX_EPISODE_STEPS;
            case Acrobot.ID -> Acrobot.MAX_EPISODE_STEPS;
            default -> throw new AssertionError(id);
        };
    }

    /** The task as registered, like {@code gym.make(id)}: the physics inside a {@link TimeLimit}. */
    public static TimeLimit create(String id) {
        return new TimeLimit(createUnlimited(id), maxEpisodeSteps(id));
    }

    /**
     * A batch of {@code numEnvs} registered copies of task {@code id}: stepped on the calling thread when
     * {@code numThreads} is 1, else on a {@link ParallelEnvironment} with that many threads (same results).
     */
    public static Environment environment(String id, int numEnvs, int numThreads) {
        requireKnown(id);
        if (numThreads < 1) {
            throw new IllegalArgumentException(id + ": numThreads must be >= 1, got " + numThreads);
        }
        return numThreads == 1
                ? new SimulatorEnvironment(i -> create(id), numEnvs)
                : new ParallelEnvironment(i -> create(id), numEnvs, numThreads);
    }

    private static String requireKnown(String id) {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown classic-control environment '" + id + "'; known: " + IDS);
        }
        return id;
    }
}
