package alf.trainers;

import alf.config.Configurable;
import alf.config.Default;
import alf.config.HeapBudget;
import alf.data.TensorSpec;
import alf.tensor.Backends;
import alf.tensor.Device;

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
 * @param prioritizedReplay    replay with {@link alf.data.PrioritizedReplayBuffer} (proportional prioritisation,
 *                             Schaul et al. 2016) instead of the uniform {@link alf.data.ReplayBuffer}
 * @param priorityAlpha        prioritisation exponent α ≥ 0 of p = (|δ| + ε)^α (0 is uniform)
 * @param priorityBeta         importance-sampling exponent β₀ in [0, 1] at the start, annealed linearly to 1 at
 *                             {@code numEnvSteps} ({@link #priorityBetaAt})
 * @param priorityEpsilon      ε &gt; 0 added to |δ| so that no transition's priority is 0
 * @param tensorboard          also write every metrics and timing row to a TensorBoard events file in the run
 *                             directory ({@link alf.summary.TensorBoardWriter})
 * @param summaryHistogramInterval every this many updates, write TensorBoard histograms of the algorithm's
 *                             parameters and gradients ({@link alf.rl.RLAlgorithm#namedParameters()}); 0 = never
 * @param device               where the algorithm's networks, optimizer state and update run: {@code cpu},
 *                             {@code cuda}, {@code cuda:N} or {@code auto} (a usable GPU, else the CPU); environments,
 *                             replay and the trainer stay on the CPU ({@link DeviceAlgorithm}). Checked here, so a
 *                             GPU asked for where none is usable fails before anything runs.
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
        @Default("0") long seed,
        @Default("false") boolean prioritizedReplay,
        @Default("0.6") double priorityAlpha,
        @Default("0.4") double priorityBeta,
        @Default("1e-6") double priorityEpsilon,
        @Default("true") boolean tensorboard,
        @Default("0") long summaryHistogramInterval,
        @Default("cpu") String device) {

    /**
     * The most greedy episodes one evaluation may run: they step together as one batch of environments,
     * so more would hold that many environments and observations at once.
     */
    public static final int MAX_EVAL_EPISODES = 100_000;

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
        if (numEvalEpisodes > MAX_EVAL_EPISODES) {
            throw new IllegalArgumentException("TrainerConfig.numEvalEpisodes = " + numEvalEpisodes + " exceeds the "
                    + "limit of " + MAX_EVAL_EPISODES + " episodes per evaluation (they run as one batch)");
        }
        if (batchSize > replayCapacity) {
            throw new IllegalArgumentException("TrainerConfig.batchSize = " + batchSize
                    + " exceeds TrainerConfig.replayCapacity = " + replayCapacity
                    + ": a batch could never be drawn from the buffer; lower batchSize or raise replayCapacity");
        }
        if (initialCollectSteps >= numEnvSteps) {
            throw new IllegalArgumentException("TrainerConfig.initialCollectSteps = " + initialCollectSteps
                    + " is not below TrainerConfig.numEnvSteps = " + numEnvSteps
                    + ": the run would end before its first update; lower initialCollectSteps or raise numEnvSteps");
        }
        nonNegative("summaryHistogramInterval", summaryHistogramInterval);
        if (summaryHistogramInterval > 0 && !tensorboard) {
            throw new IllegalArgumentException("TrainerConfig.summaryHistogramInterval = " + summaryHistogramInterval
                    + " writes TensorBoard histograms, but TrainerConfig.tensorboard is false");
        }
        if (!(priorityAlpha >= 0) || !Double.isFinite(priorityAlpha)) {
            throw new IllegalArgumentException("TrainerConfig.priorityAlpha must be finite and >= 0, got "
                    + priorityAlpha);
        }
        if (!(priorityBeta >= 0 && priorityBeta <= 1)) {
            throw new IllegalArgumentException("TrainerConfig.priorityBeta must lie in [0, 1], got " + priorityBeta);
        }
        if (!(priorityEpsilon > 0) || !Double.isFinite(priorityEpsilon)) {
            throw new IllegalArgumentException("TrainerConfig.priorityEpsilon must be finite and > 0, got "
                    + priorityEpsilon);
        }
        try {
            Backends.resolveDevice(device);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("TrainerConfig.device: " + e.getMessage(), e);
        }
    }

    /** {@link #device()} resolved ({@code auto} becomes a GPU where one is usable, else the CPU). */
    public Device resolvedDevice() {
        return Backends.resolveDevice(device);
    }

    /**
     * The importance-sampling exponent after {@code envSteps} environment steps, annealed linearly from
     * {@link #priorityBeta()} at 0 to 1 at {@link #numEnvSteps()} (Schaul et al., "Prioritized Experience Replay",
     * ICLR 2016, §3.4): β(t) = β₀ + (1 − β₀)·min(1, t / numEnvSteps).
     */
    public double priorityBetaAt(long envSteps) {
        if (envSteps < 0) {
            throw new IllegalArgumentException("TrainerConfig.priorityBetaAt: envSteps must be >= 0, got " + envSteps);
        }
        double progress = Math.min(1.0, (double) envSteps / numEnvSteps);
        return priorityBeta + (1.0 - priorityBeta) * progress;
    }

    /**
     * Checks that a replay buffer of {@link #replayCapacity()} transitions of these specs fits: each
     * stored array within 2^31 − 1 elements, and its bytes — capacity × (2·|obs| + |action|) items plus
     * 8 bytes of reward and discount per transition, and with prioritised replay two sum-tree arrays of
     * 2·2^⌈log₂ capacity⌉ doubles — within the free heap ({@link HeapBudget}).
     *
     * @throws IllegalArgumentException naming {@code TrainerConfig.replayCapacity} and the bytes needed
     */
    public void checkReplayFits(TensorSpec observationSpec, TensorSpec actionSpec) {
        String key = "TrainerConfig.replayCapacity";
        long observation = HeapBudget.elements(key, replayCapacity, observationSpec.numel());
        long action = HeapBudget.elements(key, replayCapacity, actionSpec.numel());
        double bytes = 2.0 * observation * observationSpec.dtype().itemSize()
                + (double) action * actionSpec.dtype().itemSize() + 8.0 * replayCapacity;
        if (prioritizedReplay) {
            bytes += 2.0 * 2.0 * Long.highestOneBit(Math.max(1, 2L * replayCapacity - 1)) * Double.BYTES;
        }
        HeapBudget.require(key, "a replay buffer of " + replayCapacity + " transitions", bytes);
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
