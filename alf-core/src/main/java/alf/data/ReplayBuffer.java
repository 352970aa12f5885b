package alf.data;

import alf.io.StateDict;
import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Storage;
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
    /** The slots of the latest {@link #sample}, reused while the batch size stays the same. */
    private Tensor sampleSlots;

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
        addRows(batch.observation(), batch.action(), batch.reward(), batch.discount(), batch.nextObservation());
    }

    /**
     * Stores the transitions from {@code previous} to {@code next} under {@code action} as
     * {@code add(Experience.fromSteps(previous, action, next))} does, without building the {@link Experience}: the
     * kept rows (those whose previous step is not LAST) are written run by run straight from the time steps, so a
     * training step's add allocates nothing, at episode boundaries too.
     */
    @Override
    public void add(TimeStep previous, Tensor action, TimeStep next) {
        addTransitions(previous, action, next);
    }

    /** {@link #add(TimeStep, Tensor, TimeStep)}, returning the number of transitions added. */
    int addTransitions(TimeStep previous, Tensor action, TimeStep next) {
        Experience.checkBatch(previous.observation(), action, next.reward(), next.discount(), next.observation());
        int n = previous.batchSize();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            kept += previous.isLast(i) ? 0 : 1;
        }
        if (kept > capacity) {
            // rare (more new rows than the whole ring): the Experience path keeps the ring position rule of add
            Experience rows = Experience.fromSteps(previous, action, next);
            add(rows);
            return rows.size();
        }
        int runStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || previous.isLast(i)) {
                addRows(previous.observation(), action, next.reward(), next.discount(), next.observation(), runStart,
                        i);
                runStart = i + 1;
            }
        }
        return kept;
    }

    /** Appends every transition of the batch held in these five fields (checked by {@link Experience#checkBatch}). */
    private void addRows(Tensor observation, Tensor action, Tensor reward, Tensor discount, Tensor nextObservation) {
        addRows(observation, action, reward, discount, nextObservation, 0, reward.size(0));
    }

    /** Appends rows [from, to) of the batch held in these five fields; only the last {@code capacity} can survive. */
    private void addRows(Tensor observation, Tensor action, Tensor reward, Tensor discount, Tensor nextObservation,
                         int from, int to) {
        checkRowShape("observation", observation, observations);
        checkRowShape("action", action, actions);
        checkRowShape("nextObservation", nextObservation, nextObservations);
        int n = to;
        int start = Math.max(from, to - capacity);
        while (start < n) {
            int count = Math.min(n - start, capacity - position);
            write(observations, observation, start, count);
            write(actions, action, start, count);
            write(rewards, reward, start, count);
            write(discounts, discount, start, count);
            write(nextObservations, nextObservation, start, count);
            position = (position + count) % capacity;
            size = Math.min(capacity, size + count);
            start += count;
        }
    }

    /**
     * Copies rows [start, start + count) of {@code rows} into the store's slots from {@link #position} (no autograd),
     * marking the store as written: element by element in place when both are host tensors of one dtype and the rows
     * are contiguous (the training loop's case: no view, no allocation), else with the backend's copy kernel between
     * views (converting the dtype). Both give the same values.
     */
    private void write(Tensor store, Tensor rows, int start, int count) {
        if (rows.dtype() == store.dtype() && rows.isContiguous() && Device.CPU.equals(rows.device())
                && Device.CPU.equals(store.device())) {
            int row = store.numel() / capacity;
            copyElements(rows.storage(), rows.offset() + start * row, store.storage(), store.offset() + position * row,
                    count * row);
            store.bumpVersion();
            return;
        }
        Tensor source = rows.requiresGrad() ? rows.detach() : rows;
        if (start != 0 || count != rows.size(0)) {
            source = source.narrow(0, start, count);
        }
        Tensor slots = store.narrow(0, position, count);
        slots.backend().copy(source, slots);
        slots.bumpVersion();
    }

    /** to[toStart + k] = from[fromStart + k] for k &lt; n, storages of one dtype (exact: longs for integral ones). */
    private static void copyElements(Storage from, int fromStart, Storage to, int toStart, int n) {
        if (from.dtype().isFloatingPoint()) {
            for (int k = 0; k < n; k++) {
                to.setDouble(toStart + k, from.getDouble(fromStart + k));
            }
        } else {
            for (int k = 0; k < n; k++) {
                to.setLong(toStart + k, from.getLong(fromStart + k));
            }
        }
    }

    private static void checkRowShape(String field, Tensor rows, Tensor store) {
        if (!sameRowShape(rows, store)) {
            int[] a = Arrays.copyOfRange(rows.shape(), 1, rows.dim());
            int[] b = Arrays.copyOfRange(store.shape(), 1, store.dim());
            throw new IllegalArgumentException("ReplayBuffer.add: " + field + " rows have shape " + Arrays.toString(a)
                    + " but the buffer stores " + Arrays.toString(b));
        }
    }

    /** {@code batchSize} transitions drawn uniformly with replacement. */
    public Experience sample(int batchSize, Rng rng) {
        return sample(batchSize, rng, null);
    }

    /**
     * {@code batchSize} transitions drawn uniformly with replacement (slot = {@code rng.nextLong(size)} for each row in
     * order, as {@link Tensor#randint} draws them), written into {@code reuse} when it {@link #fitsRows fits} and into
     * new tensors otherwise.
     *
     * @param reuse transitions to overwrite, or null
     */
    public Experience sample(int batchSize, Rng rng, Experience reuse) {
        if (size == 0) {
            throw new IllegalStateException("ReplayBuffer.sample: the buffer is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("ReplayBuffer.sample: batch size must be positive, got " + batchSize);
        }
        if (sampleSlots == null || sampleSlots.size(0) != batchSize) {
            sampleSlots = Tensor.zeros(DType.INT64, batchSize);
        }
        Storage slots = sampleSlots.storage();
        for (int i = 0; i < batchSize; i++) {
            slots.setLong(i, rng.nextLong(size));
        }
        return gather(sampleSlots, reuse);
    }

    /** {@code batchSize} transitions drawn uniformly with replacement, as an unweighted batch (β is unused). */
    @Override
    public SampledBatch sample(int batchSize, double beta, Rng rng, SampledBatch reuse) {
        if (fits(reuse, batchSize)) {
            sample(batchSize, rng, reuse.experience());
            return reuse;
        }
        return SampledBatch.uniform(sample(batchSize, rng, null));
    }

    /** Unweighted batches without slots, of this buffer's rows. */
    @Override
    public boolean fits(SampledBatch batch, int batchSize) {
        return batch != null && batch.indices() == null && batch.weights() == null
                && fitsRows(batch.experience(), batchSize);
    }

    /**
     * Whether {@code batch} can hold {@code batchSize} rows of this buffer: every field [batchSize, ...] with the
     * stored row shape and dtype, contiguous, on the CPU and needing no gradient.
     */
    public boolean fitsRows(Experience batch, int batchSize) {
        return batch != null && fitsField(batch.observation(), observations, batchSize)
                && fitsField(batch.action(), actions, batchSize) && fitsField(batch.reward(), rewards, batchSize)
                && fitsField(batch.discount(), discounts, batchSize)
                && fitsField(batch.nextObservation(), nextObservations, batchSize);
    }

    private static boolean fitsField(Tensor field, Tensor store, int batchSize) {
        return sameRowShape(field, store) && canOverwrite(field, store.dtype(), store.device(), batchSize);
    }

    /**
     * Whether a tensor of an earlier batch can be overwritten with the next one's {@code rows} rows in place: present,
     * of {@code dtype} on {@code device}, {@code rows} long in its first dimension, contiguous and needing no gradient
     * (the reuse rule shared by this buffer's rows and the prioritised buffer's slots and weights).
     */
    static boolean canOverwrite(Tensor t, DType dtype, Device device, int rows) {
        return t != null && t.dtype() == dtype && t.dim() >= 1 && t.size(0) == rows && t.device().equals(device)
                && t.isContiguous() && !t.requiresGrad();
    }

    /** Whether {@code rows} has the store's rank and the store's sizes after the first (row) dimension. */
    private static boolean sameRowShape(Tensor rows, Tensor store) {
        if (rows.dim() != store.dim()) {
            return false;
        }
        for (int d = 1; d < store.dim(); d++) {
            if (rows.size(d) != store.size(d)) {
                return false;
            }
        }
        return true;
    }

    /** Uniform replay keeps no priorities: nothing to update. */
    @Override
    public void updatePriorities(SampledBatch batch, Tensor priorities) {
    }

    /** The stored transitions at the given int64 slots, each in [0, size). */
    public Experience rows(Tensor slots) {
        return rows(slots, null);
    }

    /**
     * The stored transitions at the given int64 slots, each in [0, size), written into {@code reuse} when it
     * {@link #fitsRows fits} and into new tensors otherwise.
     */
    public Experience rows(Tensor slots, Experience reuse) {
        if (slots.dim() != 1) {
            throw new IllegalArgumentException("ReplayBuffer.rows: slots must be [N], got "
                    + Arrays.toString(slots.shape()));
        }
        for (int k = 0; k < slots.size(0); k++) {
            long slot = slots.getLong(k);
            if (slot < 0 || slot >= size) {
                throw new IllegalArgumentException("ReplayBuffer.rows: slot " + slot + " is not in [0, " + size
                        + ")");
            }
        }
        return gather(slots, reuse);
    }

    /** The rows at {@code slots} (valid), into {@code reuse} when it fits, else into new tensors. */
    private Experience gather(Tensor slots, Experience reuse) {
        int n = slots.size(0);
        Experience out = fitsRows(reuse, n) ? reuse : new Experience(emptyRows(observations, n),
                emptyRows(actions, n), emptyRows(rewards, n), emptyRows(discounts, n), emptyRows(nextObservations, n));
        selectInto(observations, slots, out.observation());
        selectInto(actions, slots, out.action());
        selectInto(rewards, slots, out.reward());
        selectInto(discounts, slots, out.discount());
        selectInto(nextObservations, slots, out.nextObservation());
        return out;
    }

    private static Tensor emptyRows(Tensor store, int n) {
        int[] shape = store.shape();
        shape[0] = n;
        return Tensor.empty(store.dtype(), store.device(), shape);
    }

    /** out = store[slots] (the backend's indexSelect kernel, no autograd), marking out as written. */
    private static void selectInto(Tensor store, Tensor slots, Tensor out) {
        out.backend().indexSelect(store, 0, slots, out);
        out.bumpVersion();
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
