package alf.tensor.cpu;

import alf.tensor.Backend;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HalfFloats;
import alf.tensor.HostArrays;
import alf.tensor.Storage;

/**
 * Heap storage for the CPU backend: one primitive Java array per dtype — {@code float[]} (float32),
 * {@code double[]} (float64), {@code short[]} holding raw bits (float16, bfloat16), {@code int[]} (int32),
 * {@code long[]} (int64), {@code boolean[]} (bool).
 */
public final class CpuStorage extends Storage {
    private final Object array;

    private CpuStorage(DType dtype, Object array, int size) {
        super(dtype, size);
        this.array = array;
    }

    /** A zero-filled storage of {@code size} elements. */
    public static CpuStorage allocate(DType dtype, int size) {
        return new CpuStorage(dtype, HostArrays.allocate(dtype, size), size);
    }

    /** Wraps (does not copy) the {@link HostArrays host array} of {@code dtype}; a clear error for any other array. */
    public static CpuStorage wrap(DType dtype, Object hostArray) {
        int size = HostArrays.length(hostArray);
        HostArrays.check(dtype, size, hostArray);
        return new CpuStorage(dtype, hostArray, size);
    }

    /** Wraps (does not copy) a float array as float32 storage. */
    public static CpuStorage wrap(float[] a) {
        return new CpuStorage(DType.FLOAT32, a, a.length);
    }

    /** Wraps (does not copy) a double array as float64 storage. */
    public static CpuStorage wrap(double[] a) {
        return new CpuStorage(DType.FLOAT64, a, a.length);
    }

    /** Wraps (does not copy) an int array as int32 storage. */
    public static CpuStorage wrap(int[] a) {
        return new CpuStorage(DType.INT32, a, a.length);
    }

    /** Wraps (does not copy) a long array as int64 storage. */
    public static CpuStorage wrap(long[] a) {
        return new CpuStorage(DType.INT64, a, a.length);
    }

    /** Wraps (does not copy) a boolean array as bool storage. */
    public static CpuStorage wrap(boolean[] a) {
        return new CpuStorage(DType.BOOL, a, a.length);
    }

    /** Wraps raw 16-bit patterns as float16 or bfloat16 storage. */
    public static CpuStorage wrapHalf(DType dtype, short[] bits) {
        if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
            throw new IllegalArgumentException("wrapHalf needs float16 or bfloat16, got " + dtype);
        }
        return new CpuStorage(dtype, bits, bits.length);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }

    /** The backing array (its type follows the dtype, see the class comment). */
    public Object array() {
        return array;
    }

    public float[] floats() {
        return (float[]) array;
    }

    public double[] doubles() {
        return (double[]) array;
    }

    public int[] ints() {
        return (int[]) array;
    }

    public long[] longs() {
        return (long[]) array;
    }

    public boolean[] bools() {
        return (boolean[]) array;
    }

    public short[] shorts() {
        return (short[]) array;
    }

    /** A bulk copy: the backing array is already the host array of this dtype. */
    @Override
    public void copyToHost(Object hostArray) {
        HostArrays.check(dtype(), size(), hostArray);
        System.arraycopy(array, 0, hostArray, 0, size());
    }

    @Override
    public double getDouble(int i) {
        return switch (dtype()) {
            case FLOAT32 -> ((float[]) array)[i];
            case FLOAT64 -> ((double[]) array)[i];
            case FLOAT16 -> HalfFloats.halfToFloat(((short[]) array)[i]);
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(((short[]) array)[i]);
            case INT32 -> ((int[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1.0 : 0.0;
        };
    }

    @Override
    public void setDouble(int i, double v) {
        switch (dtype()) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case FLOAT16 -> ((short[]) array)[i] = HalfFloats.floatToHalf((float) v);
            case BFLOAT16 -> ((short[]) array)[i] = HalfFloats.floatToBfloat16((float) v);
            case INT32 -> ((int[]) array)[i] = (int) (long) v;
            case INT64 -> ((long[]) array)[i] = (long) v;
            case BOOL -> ((boolean[]) array)[i] = v != 0.0;
        }
    }

    @Override
    public long getLong(int i) {
        return switch (dtype()) {
            case INT32 -> ((int[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1L : 0L;
            default -> (long) getDouble(i);
        };
    }

    @Override
    public void setLong(int i, long v) {
        switch (dtype()) {
            case INT32 -> ((int[]) array)[i] = (int) v;
            case INT64 -> ((long[]) array)[i] = v;
            case BOOL -> ((boolean[]) array)[i] = v != 0;
            default -> setDouble(i, v);
        }
    }
}
