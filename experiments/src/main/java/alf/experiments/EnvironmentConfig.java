package alf.experiments;

import alf.config.Configurable;
import alf.config.Default;
import alf.rl.Environment;
import alf.environments.classic.ClassicControl;

/**
 * Which task an experiment trains on and how it is batched.
 *
 * @param name       a task id of {@link ClassicControl#IDS}, e.g. {@code Pendulum-v1}
 * @param numEnvs    copies stepped together for training
 * @param numThreads threads stepping them (1 = on the training thread, the fastest for classic control)
 */
@Configurable(name = "Environment")
public record EnvironmentConfig(
        @Default("\"Pendulum-v1\"") String name,
        @Default("1") int numEnvs,
        @Default("1") int numThreads) {

    public EnvironmentConfig {
        if (!ClassicControl.IDS.contains(name)) {
            throw new IllegalArgumentException("Environment.name: unknown task '" + name + "'; available: "
                    + ClassicControl.IDS);
        }
        if (numEnvs < 1 || numThreads < 1) {
            throw new IllegalArgumentException("Environment.numEnvs and numThreads must be >= 1, got " + numEnvs
                    + " and " + numThreads);
        }
    }

    /** The training environment. */
    public Environment createTraining() {
        return ClassicControl.environment(name, numEnvs, numThreads);
    }

    /** An evaluation environment running {@code episodes} greedy episodes at once. */
    public Environment createEvaluation(int episodes) {
        return ClassicControl.environment(name, episodes, 1);
    }
}
