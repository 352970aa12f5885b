package alf.trainers;

import alf.config.Configurable;
import alf.config.Default;

/**
 * How {@link RLTrainer} runs an off-policy experiment. All counts are environment steps summed over the batch of
 * environments (a batch of 4 environments stepped once is 4 steps).
 *
 * @param numEnvSteps          total environment steps to train for
 * @param initialCollectSteps  steps with uniformly random actions before learning starts (as SB3's learning_starts)
 * @param batchSize            transitions per gradient update
 * @param replayCapacity       transitions kept in the replay buffer
 * @param updatesPerIteration  gradient updates after each batched environment step once learning started
 * @param evalInterval         steps between greedy evaluations (also at step 0 and at the end)
 * @param numEvalEpisodes      greedy episodes per evaluation (run as one batch on the evaluation environment)
 * @param checkpointInterval   steps between checkpoints (0 = only at the end)
 * @param keepCheckpoints      how many of the newest checkpoints to keep
 * @param seed                 the one seed that fixes every random draw of the run on the CPU
 */
@Configurable
public record TrainerConfig(
        @Default("20000") long numEnvSteps,
        @Default("1000") long initialCollectSteps,
        @Default("256") int batchSize,
        @Default("1000000") int replayCapacity,
        @Default("1") int updatesPerIteration,
        @Default("1000") long evalInterval,
        @Default("10") int numEvalEpisodes,
        @Default("5000") long checkpointInterval,
        @Default("3") int keepCheckpoints,
        @Default("0") long seed) {

    public TrainerConfig {
        positive("numEnvSteps", numEnvSteps);
        nonNegative("initialCollectSteps", initialCollectSteps);
        positive("batchSize", batchSize);
        positive("replayCapacity", replayCapacity);
        positive("updatesPerIteration", updatesPerIteration);
        positive("evalInterval", evalInterval);
        positive("numEvalEpisodes", numEvalEpisodes);
        nonNegative("checkpointInterval", checkpointInterval);
        positive("keepCheckpoints", keepCheckpoints);
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException("TrainerConfig." + name + " must be positive, got " + v);
        }
    }

    private static void nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("TrainerConfig." + name + " must be >= 0, got " + v);
        }
    }
}
