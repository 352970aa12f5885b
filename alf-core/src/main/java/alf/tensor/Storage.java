package alf.tensor;

/**
 * A flat buffer of elements of one dtype on one device, shared by every view of it.
 *
 * <p>The storage also carries the <em>version counter</em> that autograd uses to detect in-place modification of a
 * tensor saved for backward: every in-place write to any view bumps it (PyTorch shares one counter between a tensor
 * and its views in the same way).
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    private int version;

    protected Storage(DType dtype, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("storage size must be >= 0, got " + size);
        }
        this.dtype = dtype;
        this.size = size;
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int size() {
        return size;
    }

    public abstract Device device();

    /** The backend whose kernels operate on this storage. */
    public abstract Backend backend();

    /** The version counter: incremented by every in-place write through any view. */
    public final int version() {
        return version;
    }

    /** Marks an in-place write. */
    public final void bumpVersion() {
        version++;
    }

    /** Element {@code i} converted to double (exact for every dtype but int64 values beyond 2^53). */
    public abstract double getDouble(int i);

    /** Stores {@code v} at {@code i}, rounded/truncated to this storage's dtype as a cast would. */
    public abstract void setDouble(int i, double v);

    /** Element {@code i} as a long (floating values truncate toward zero, bool is 0/1). */
    public abstract long getLong(int i);

    /** Stores an integral value exactly where the dtype can hold it. */
    public abstract void setLong(int i, long v);

    /**
     * Copies all {@link #size()} elements into {@code hostArray}, the {@link HostArrays host array} of this dtype
     * with exactly {@code size()} elements: the one way elements leave a backend ({@link Backends#adopt},
     * {@link Tensor#toFloatArray()} and the other host reads). The default goes element by element; backends
     * override it with a bulk copy.
     */
    public void copyToHost(Object hostArray) {
        HostArrays.check(dtype, size, hostArray);
        for (int i = 0; i < size; i++) {
            HostArrays.store(this, i, hostArray);
        }
    }
}
