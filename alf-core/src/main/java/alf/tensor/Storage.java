package alf.tensor;

import alf.tensor.cpu.CpuStorage;

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
     * Copies all {@link #size()} elements into {@code dst} (same dtype and size), for moving data between backends
     * ({@link Backends#adopt}). The default goes element by element; backends override it with a bulk copy.
     */
    public void exportTo(CpuStorage dst) {
        checkTransfer(dst);
        boolean floating = dtype.isFloatingPoint();
        for (int i = 0; i < size; i++) {
            if (floating) {
                dst.setDouble(i, getDouble(i));
            } else {
                dst.setLong(i, getLong(i));
            }
        }
    }

    /** Overwrites all elements with those of {@code src} (same dtype and size); the inverse of {@link #exportTo}. */
    public void importFrom(CpuStorage src) {
        checkTransfer(src);
        boolean floating = dtype.isFloatingPoint();
        for (int i = 0; i < size; i++) {
            if (floating) {
                setDouble(i, src.getDouble(i));
            } else {
                setLong(i, src.getLong(i));
            }
        }
    }

    protected final void checkTransfer(Storage other) {
        if (other.dtype != dtype || other.size != size) {
            throw new IllegalArgumentException("storage transfer needs the same dtype and size, got " + dtype + "["
                    + size + "] and " + other.dtype + "[" + other.size + "]");
        }
    }
}
