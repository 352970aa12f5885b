package alf.data;

import alf.io.StateDict;
import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * A uniform ring replay buffer of one-step transitions: {@link #add} writes whole batches into preallocated storage
 * (overwriting the oldest once full), {@link #sample} draws N transitions uniformly with replacement using an explicit
 * {@link Rng}. Its contents and write position are part of the checkpoint ({@link alf.io.Stateful}). It is also the
 * ring storage behind {@link PrioritizedReplayBuffer}.
 */
public final class ReplayBuffer implements ExperienceReplay {
    private final int capacity;
    private final Tensor observations;
    private final Tensor actions;
    private final Tensor rewards;
    private final Tensor discounts;
    private final Tensor nextObservations;
    private int size;
    private int position;

    /**
     * @param capacity        maximum number of transitions kept
     * @param observationSpec spec of one observation
     * @param actionSpec      spec of one action
     */
    public ReplayBuffer(int capacity, TensorSpec observationSpec, TensorSpec actionSpec) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("ReplayBuffer: capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.observations = Tensor.zeros(observationSpec.dtype(), observationSpec.batchedShape(capacity));
        this.nextObservations = Tensor.zeros(observationSpec.dtype(), observationSpec.batchedShape(capacity));
        this.actions = Tensor.zeros(actionSpec.dtype(), actionSpec.batchedShape(capacity));
        this.rewards = Tensor.zeros(DType.FLOAT32, capacity);
        this.discounts = Tensor.zeros(DType.FLOAT32, capacity);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * The slot the next added row goes to. {@link #add} of n rows writes slots (position + k) mod capacity for
     * k = 0 … min(n, capacity) − 1 (the last min(n, capacity) rows of the batch, in order).
     */
    public int position() {
        return position;
    }

    @Override
    public void add(Experience batch) {
        checkRowShape("observation", batch.observation(), observations);
        checkRowShape("action", batch.action(), actions);
        checkRowShape("nextObservation", batch.nextObservation(), nextObservations);
        int n = batch.size();
        int start = 0;
        if (n > capacity) {
            // only the last `capacity` rows can survive
            start = n - capacity;
        }
        try (GradMode.Scope scope = GradMode.noGrad()) {
            while (start < n) {
                int count = Math.min(n - start, capacity - position);
                write(observations, batch.observation(), start, count);
                write(actions, batch.action(), start, count);
                write(rewards, batch.reward(), start, count);
                write(discounts, batch.discount(), start, count);
                write(nextObservations, batch.nextObservation(), start, count);
                position = (position + count) % capacity;
                size = Math.min(capacity, size + count);
                start += count;
            }
        }
    }

    private void write(Tensor store, Tensor rows, int start, int count) {
        store.narrow(0, position, count).copy_(rows.detach().narrow(0, start, count));
    }

    private static void checkRowShape(String field, Tensor rows, Tensor store) {
        int[] a = Arrays.copyOfRange(rows.shape(), 1, rows.dim());
        int[] b = Arrays.copyOfRange(store.shape(), 1, store.dim());
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException("ReplayBuffer.add: " + field + " rows have shape " + Arrays.toString(a)
                    + " but the buffer stores " + Arrays.toString(b));
        }
    }

    /** {@code batchSize} transitions drawn uniformly with replacement. */
    public Experience sample(int batchSize, Rng rng) {
        if (size == 0) {
            throw new IllegalStateException("ReplayBuffer.sample: the buffer is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("ReplayBuffer.sample: batch size must be positive, got " + batchSize);
        }
        return gather(Tensor.randint(rng, 0, size, batchSize));
    }

    /** {@code batchSize} transitions drawn uniformly with replacement, as an unweighted batch (β is unused). */
    @Override
    public SampledBatch sample(int batchSize, double beta, Rng rng) {
        return SampledBatch.uniform(sample(batchSize, rng));
    }

    /** Uniform replay keeps no priorities: nothing to update. */
    @Override
    public void updatePriorities(SampledBatch batch, Tensor priorities) {
    }

    /** The stored transitions at the given int64 slots, each in [0, size). */
    public Experience rows(Tensor slots) {
        long[] s = slots.toLongArray();
        for (long slot : s) {
            if (slot < 0 || slot >= size) {
                throw new IllegalArgumentException("ReplayBuffer.rows: slot " + slot + " is not in [0, " + size
                        + ")");
            }
        }
        return gather(slots);
    }

    private Experience gather(Tensor slots) {
        return new Experience(observations.indexSelect(0, slots), actions.indexSelect(0, slots),
                rewards.indexSelect(0, slots), discounts.indexSelect(0, slots), nextObservations.indexSelect(0, slots));
    }

    @Override
    public StateDict stateDict() {
        return new StateDict()
                .putLong("size", size)
                .putLong("position", position)
                .putTensor("observations", observations.narrow(0, 0, size))
                .putTensor("actions", actions.narrow(0, 0, size))
                .putTensor("rewards", rewards.narrow(0, 0, size))
                .putTensor("discounts", discounts.narrow(0, 0, size))
                .putTensor("nextObservations", nextObservations.narrow(0, 0, size));
    }

    @Override
    public void loadStateDict(StateDict state) {
        long newSize = state.getLong("size");
        long newPosition = state.getLong("position");
        if (newSize > capacity || newPosition >= capacity || newSize < 0 || newPosition < 0) {
            throw state.error("size", "(" + newSize + ") or position (" + newPosition + ") does not fit the "
                    + "ReplayBuffer's capacity " + capacity);
        }
        int n = (int) newSize;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            load(observations, state, "observations", n);
            load(actions, state, "actions", n);
            load(rewards, state, "rewards", n);
            load(discounts, state, "discounts", n);
            load(nextObservations, state, "nextObservations", n);
        }
        size = n;
        position = (int) newPosition;
    }

    private static void load(Tensor store, StateDict state, String key, int n) {
        Tensor src = state.tensor(key);
        int[] expected = store.shape();
        expected[0] = n;
        if (!Arrays.equals(src.shape(), expected)) {
            throw state.error(key, "has shape " + Arrays.toString(src.shape()) + ", but this ReplayBuffer needs "
                    + Arrays.toString(expected));
        }
        store.zero_();
        if (n > 0) {
            store.narrow(0, 0, n).copy_(src);
        }
    }
}
