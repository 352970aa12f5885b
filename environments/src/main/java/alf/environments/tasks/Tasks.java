package alf.environments.tasks;

import alf.environments.box2d.BipedalWalker;
import alf.environments.box2d.LunarLander;
import alf.environments.classic.ClassicControl;
import alf.environments.parallel.ParallelEnvironment;
import alf.environments.simulator.SimulatorEnvironment;
import alf.environments.simulator.StatefulSimulator;
import alf.environments.wrappers.TimeLimit;
import alf.rl.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every registered task by its Gymnasium id, with its registered time limit: the classic-control ports
 * ({@link ClassicControl}) and the Box2D tasks {@code LunarLander-v3} (1000 steps), {@code LunarLanderContinuous-v3}
 * (1000) and {@code BipedalWalker-v3} (1600).
 */
public final class Tasks {

    private record Entry(Supplier<StatefulSimulator> physics, int maxEpisodeSteps) {
    }

    private static final Map<String, Entry> BOX2D = new LinkedHashMap<>();

    static {
        BOX2D.put(LunarLander.DISCRETE_ID, new Entry(() -> new LunarLander(false), LunarLander.MAX_EPISODE_STEPS));
        BOX2D.put(LunarLander.CONTINUOUS_ID, new Entry(() -> new LunarLander(true), LunarLander.MAX_EPISODE_STEPS));
        BOX2D.put(BipedalWalker.ID, new Entry(BipedalWalker::new, BipedalWalker.MAX_EPISODE_STEPS));
    }

    /** The registered ids: the classic ones, then the Box2D ones. */
    public static final List<String> IDS;

    static {
        List<String> ids = new ArrayList<>(ClassicControl.IDS);
        ids.addAll(BOX2D.keySet());
        IDS = Collections.unmodifiableList(ids);
    }

    private Tasks() {
    }

    /** The task as registered, like {@code gym.make(id)}: the physics inside its {@link TimeLimit}. */
    public static TimeLimit create(String id) {
        Entry box2d = BOX2D.get(requireKnown(id));
        return box2d == null ? ClassicControl.create(id) : new TimeLimit(box2d.physics().get(), box2d.maxEpisodeSteps());
    }

    /**
     * A batch of {@code numEnvs} registered copies of task {@code id}: stepped on the calling thread when
     * {@code numThreads} is 1, else on a {@link ParallelEnvironment} with that many threads (same results).
     */
    public static Environment environment(String id, int numEnvs, int numThreads) {
        requireKnown(id);
        if (numEnvs < 1 || numThreads < 1) {
            throw new IllegalArgumentException(id + ": numEnvs and numThreads must be >= 1, got " + numEnvs + " and "
                    + numThreads);
        }
        return numThreads == 1
                ? new SimulatorEnvironment(i -> create(id), numEnvs)
                : new ParallelEnvironment(i -> create(id), numEnvs, numThreads);
    }

    private static String requireKnown(String id) {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown task '" + id + "'; registered: " + IDS);
        }
        return id;
    }
}
