package alf.data;

import alf.io.StateDict;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Proportional prioritised experience replay (Schaul et al., "Prioritized Experience Replay", ICLR 2016, §3.3 and
 * Algorithm 1): transitions are stored in a {@link ReplayBuffer} ring (the same storage as uniform replay) and each
 * slot i carries a priority pᵢ in a {@link SumTree}.
 *
 * <ul>
 *   <li>Sampling probability: P(i) = pᵢ / Σₖ pₖ.</li>
 *   <li>Priorities from the learner: pᵢ = (|δᵢ| + ε)^α ({@link #updatePriorities}), δᵢ the TD error, ε &gt; 0 so that
 *       no stored transition becomes unreachable, α ≥ 0 how strongly to prioritise (α = 0 is uniform).</li>
 *   <li>New transitions get the largest priority given so far (1 before any update), so that each is likely to be
 *       replayed at least once.</li>
 *   <li>Sampling B indices is stratified: the range [0, Σₖ pₖ) is cut into B equal segments and one value is drawn
 *       uniformly in each, u = (j + U)·Σₖ pₖ / B with U ~ U[0, 1) from the given {@link Rng}; the slot whose prefix-sum
 *       interval holds u is taken ({@link SumTree#find}).</li>
 *   <li>Importance-sampling weights correct the bias of the non-uniform draw: wᵢ = (N·P(i))^(−β) / maxⱼ wⱼ, with N the
 *       number of stored transitions and the maximum over all of them, i.e. maxⱼ wⱼ = (N·P_min)^(−β); this reduces to
 *       wᵢ = (p_min / pᵢ)^β, which is how it is computed. β = 1 corrects fully; it is usually annealed from β₀ to 1.</li>
 * </ul>
 *
 * <p>The whole state (stored transitions, ring position and size, every priority, the running maximum) is
 * {@link alf.io.Stateful}; the sum tree is rebuilt from the saved priorities bit-identically, so sampling after a
 * reload is the same as without it.
 */
public final class PrioritizedReplayBuffer implements ExperienceReplay {
    private final ReplayBuffer storage;
    private final SumTree priorities;
    private final double alpha;
    private final double epsilon;
    private double maxPriority = 1.0;
    /** Scratch of {@link #updatePriorities(Tensor, Tensor)}, reused while the batch size stays the same. */
    private double[] newPriorities = new double[0];

    /**
     * @param capacity        maximum number of transitions kept
     * @param observationSpec spec of one observation
     * @param actionSpec      spec of one action
     * @param alpha           prioritisation exponent α ≥ 0
     * @param epsilon         ε &gt; 0 added to |δ| before the exponent
     */
    public PrioritizedReplayBuffer(int capacity, TensorSpec observationSpec, TensorSpec actionSpec, double alpha,
            double epsilon) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer: alpha must be finite and >= 0, got " + alpha);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer: epsilon must be finite and > 0, got "
                    + epsilon);
        }
        this.storage = new ReplayBuffer(capacity, observationSpec, actionSpec);
        this.priorities = new SumTree(capacity);
        this.alpha = alpha;
        this.epsilon = epsilon;
    }

    @Override
    public int capacity() {
        return storage.capacity();
    }

    @Override
    public int size() {
        return storage.size();
    }

    /** The priority pᵢ of slot {@code slot} (0 for a slot not yet written). */
    public double priority(int slot) {
        return priorities.get(slot);
    }

    /** The largest priority given so far; new transitions receive it. */
    public double maxPriority() {
        return maxPriority;
    }

    /** Stores the batch in the ring; every slot written gets the current maximum priority. */
    @Override
    public void add(Experience batch) {
        int first = storage.position();
        storage.add(batch);
        giveMaxPriority(first, batch.size());
    }

    /** Stores the transitions as {@link ReplayBuffer#add(TimeStep, Tensor, TimeStep)}; each gets the maximum priority. */
    @Override
    public void add(TimeStep previous, Tensor action, TimeStep next) {
        int first = storage.position();
        giveMaxPriority(first, storage.addTransitions(previous, action, next));
    }

    /** Gives the slots of {@code added} transitions just written from slot {@code first} the maximum priority. */
    private void giveMaxPriority(int first, int added) {
        int written = Math.min(added, storage.capacity());
        for (int k = 0; k < written; k++) {
            priorities.set((first + k) % storage.capacity(), maxPriority);
        }
    }

    /**
     * Draws {@code batchSize} transitions with probability P(i) by stratified segments (see the class comment) and
     * returns them with their slots and importance-sampling weights wᵢ = (p_min / pᵢ)^β.
     *
     * @param beta importance-sampling exponent β in [0, 1]
     */
    @Override
    public SampledBatch sample(int batchSize, double beta, Rng rng, SampledBatch reuse) {
        if (storage.size() == 0) {
            throw new IllegalStateException("PrioritizedReplayBuffer.sample: the buffer is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer.sample: batch size must be positive, got "
                    + batchSize);
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer.sample: beta must lie in [0, 1], got " + beta);
        }
        boolean refill = fits(reuse, batchSize);
        Tensor indices = refill ? reuse.indices() : Tensor.zeros(DType.INT64, batchSize);
        Tensor weights = refill ? reuse.weights() : Tensor.zeros(DType.FLOAT32, batchSize);
        Storage slotStore = indices.storage();
        Storage weightStore = weights.storage();
        double total = priorities.total();
        double segment = total / batchSize;
        double largestBelowTotal = Math.nextDown(total);
        double minPriority = priorities.min();
        for (int j = 0; j < batchSize; j++) {
            double u = Math.min((j + rng.nextDouble()) * segment, largestBelowTotal);
            int slot = priorities.find(u);
            slotStore.setLong(indices.offset() + j, slot);
            // rounded to float32 as a cast would
            weightStore.setDouble(weights.offset() + j, Math.pow(minPriority / priorities.get(slot), beta));
        }
        indices.bumpVersion();
        weights.bumpVersion();
        if (refill) {
            storage.rows(indices, reuse.experience());
            return reuse;
        }
        return new SampledBatch(storage.rows(indices), indices, weights);
    }

    /** Batches with int64 slots and float32 weights [batchSize] (contiguous, no gradient) and this buffer's rows. */
    @Override
    public boolean fits(SampledBatch batch, int batchSize) {
        return batch != null && fitsVector(batch.indices(), DType.INT64, batchSize)
                && fitsVector(batch.weights(), DType.FLOAT32, batchSize)
                && storage.fitsRows(batch.experience(), batchSize);
    }

    private static boolean fitsVector(Tensor t, DType dtype, int n) {
        return ReplayBuffer.canOverwrite(t, dtype, Device.CPU, n) && t.dim() == 1;
    }

    /**
     * Sets the priorities of the rows of {@code batch} from {@code tdErrors} as {@link #updatePriorities(Tensor,
     * Tensor)} does.
     *
     * @throws IllegalArgumentException if {@code tdErrors} is null or the batch carries no buffer slots
     */
    @Override
    public void updatePriorities(SampledBatch batch, Tensor tdErrors) {
        if (tdErrors == null || batch.indices() == null) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer.updatePriorities: prioritised replay needs "
                    + "the sampled batch's slots and one new priority per sample, got "
                    + (batch.indices() == null ? "a batch without slots" : "no priorities"));
        }
        updatePriorities(batch.indices(), tdErrors);
    }

    /**
     * Sets pᵢ = (|δᵢ| + ε)^α for each slot i of {@code indices} from the matching TD error δᵢ of {@code tdErrors}
     * (a slot listed twice keeps the later value) and raises the running maximum priority.
     *
     * @param indices  [B] integral slots, as returned in {@link SampledBatch#indices()}
     * @param tdErrors [B] TD errors (their sign is ignored)
     */
    public void updatePriorities(Tensor indices, Tensor tdErrors) {
        if (indices.dim() != 1 || tdErrors.dim() != 1 || indices.size(0) != tdErrors.size(0)) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer.updatePriorities: need [B] indices and [B] "
                    + "TD errors, got " + Arrays.toString(indices.shape()) + " and "
                    + Arrays.toString(tdErrors.shape()));
        }
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("PrioritizedReplayBuffer.updatePriorities: indices must be integral, "
                    + "got " + indices.dtype());
        }
        int n = indices.size(0);
        if (newPriorities.length != n) {
            newPriorities = new double[n];
        }
        // every priority is checked before any is set, so a bad value leaves the tree as it was
        for (int j = 0; j < n; j++) {
            long slot = indices.getLong(j);
            if (slot < 0 || slot >= storage.size()) {
                throw new IllegalArgumentException("PrioritizedReplayBuffer.updatePriorities: slot " + slot
                        + " is not in [0, " + storage.size() + ")");
            }
            double error = tdErrors.getDouble(j);
            double p = Math.pow(Math.abs(error) + epsilon, alpha);
            if (!(p > 0) || !Double.isFinite(p)) {
                throw new IllegalArgumentException("PrioritizedReplayBuffer.updatePriorities: TD error " + error
                        + " of slot " + slot + " gives priority " + p + " (need a finite value > 0)");
            }
            newPriorities[j] = p;
        }
        for (int j = 0; j < n; j++) {
            priorities.set((int) indices.getLong(j), newPriorities[j]);
            maxPriority = Math.max(maxPriority, newPriorities[j]);
        }
    }

    @Override
    public StateDict stateDict() {
        return new StateDict()
                .putDict("storage", storage.stateDict())
                .putDoubles("priorities", priorities.leaves(storage.size()))
                .putDouble("maxPriority", maxPriority);
    }

    @Override
    public void loadStateDict(StateDict state) {
        StateDict storageState = state.dict("storage");
        double[] leaves = state.doubles("priorities");
        double newMax = state.getDouble("maxPriority");
        if (!(newMax > 0) || !Double.isFinite(newMax)) {
            throw state.error("maxPriority", "must be finite and > 0, got " + newMax);
        }
        long size = storageState.getLong("size");
        if (size != leaves.length) {
            throw state.error("priorities", "has " + leaves.length + " entries for a storage of size " + size);
        }
        priorities.load(leaves);
        storage.loadStateDict(storageState);
        maxPriority = newMax;
    }
}
