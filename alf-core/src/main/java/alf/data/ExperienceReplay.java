package alf.data;

import alf.io.Stateful;
import alf.tensor.Rng;
import alf.tensor.Tensor;

/**
 * A replay memory of one-step transitions as the trainer fills and samples it: {@link ReplayBuffer} (uniform
 * sampling) or {@link PrioritizedReplayBuffer} (proportional prioritised sampling). Call order per update:
 * {@link #sample} → the learner's losses → {@link #updatePriorities} with the learner's new per-sample priorities.
 * A sampled batch carries importance-sampling weights only when the sampling was not uniform, so one learner step
 * serves both. Both keep their whole contents in the checkpoint.
 */
public sealed interface ExperienceReplay extends Stateful permits ReplayBuffer, PrioritizedReplayBuffer {

    /** Maximum number of transitions kept. */
    int capacity();

    /** Number of transitions stored (at most the capacity). */
    int size();

    /** Appends a batch, the oldest entries overwritten first once the buffer is full. */
    void add(Experience batch);

    /**
     * Appends the transitions from {@code previous} to {@code next} under {@code action} exactly as
     * {@code add(Experience.fromSteps(previous, action, next))} (rows whose previous step was LAST are skipped),
     * copying them, so the time steps may be overwritten afterwards.
     */
    void add(TimeStep previous, Tensor action, TimeStep next);

    /**
     * Draws {@code batchSize} transitions.
     *
     * @param beta importance-sampling exponent β in [0, 1] of prioritised replay; uniform replay draws unweighted
     *             batches whatever β is
     */
    default SampledBatch sample(int batchSize, double beta, Rng rng) {
        return sample(batchSize, beta, rng, null);
    }

    /**
     * Draws {@code batchSize} transitions exactly as {@link #sample(int, double, Rng)} does (the same random draws, the
     * same rows and weights), written into the tensors of {@code reuse} when it {@link #fits} and into new tensors
     * otherwise. A training loop passes the batch of its previous update and so samples without allocating; the
     * previous contents of {@code reuse} are overwritten (its tensors' version counters are bumped, so an autograd
     * graph still holding them fails loudly instead of using the new rows).
     *
     * @param reuse a batch to refill, or null for a new one
     * @return {@code reuse} itself when it fits, else a new batch
     */
    SampledBatch sample(int batchSize, double beta, Rng rng, SampledBatch reuse);

    /**
     * Whether {@link #sample(int, double, Rng, SampledBatch)} can refill {@code batch} with {@code batchSize} rows: it
     * holds {@code batchSize} rows of this replay's field shapes and dtypes in contiguous CPU tensors that need no
     * gradient, with slots and weights exactly when this replay draws them.
     */
    boolean fits(SampledBatch batch, int batchSize);

    /**
     * Takes back the learner's new per-sample priorities for the rows of {@code batch} (as drawn by {@link #sample}).
     * Uniform replay keeps no priorities and ignores them; prioritised replay requires them.
     *
     * @param priorities [N] new priorities (|TD errors|), or null when the learner reports none
     */
    void updatePriorities(SampledBatch batch, Tensor priorities);
}
