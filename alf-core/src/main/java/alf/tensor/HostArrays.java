package alf.tensor;

/**
 * The Java arrays through which tensor elements cross between the host and a backend ({@link Storage#copyToHost},
 * {@link Backend#fromHost}): one primitive array per dtype — {@code float[]} (float32), {@code double[]} (float64),
 * {@code short[]} holding raw bits (float16, bfloat16, see {@link HalfFloats}), {@code int[]} (int32), {@code long[]}
 * (int64), {@code boolean[]} (bool).
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** A zero-filled host array of {@code size} elements of {@code dtype}. */
    public static Object allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case FLOAT16, BFLOAT16 -> new short[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
        };
    }

    /** The number of elements of a host array; a clear error if {@code array} is not the host array of a dtype. */
    public static int length(Object array) {
        if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof double[] a) {
            return a.length;
        } else if (array instanceof short[] a) {
            return a.length;
        } else if (array instanceof int[] a) {
            return a.length;
        } else if (array instanceof long[] a) {
            return a.length;
        } else if (array instanceof boolean[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("not a host array: " + (array == null ? "null" : array.getClass()));
    }

    /** The Java array class that holds elements of {@code dtype}. */
    public static Class<?> arrayClass(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case FLOAT16, BFLOAT16 -> short[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case BOOL -> boolean[].class;
        };
    }

    /** Checks that {@code array} is the host array type of {@code dtype} with exactly {@code size} elements. */
    public static void check(DType dtype, int size, Object array) {
        Class<?> expected = arrayClass(dtype);
        if (array == null || array.getClass() != expected || length(array) != size) {
            throw new IllegalArgumentException("host transfer of " + dtype + "[" + size + "] needs a "
                    + expected.getSimpleName().replace("[]", "[" + size + "]") + ", got "
                    + (array == null ? "null" : array.getClass().getSimpleName().replace("[]",
                    "[" + length(array) + "]")));
        }
    }

    /** Element {@code i} of {@code storage} stored into the host array {@code array} of the storage's dtype. */
    static void store(Storage storage, int i, Object array) {
        switch (storage.dtype()) {
            case FLOAT32 -> ((float[]) array)[i] = (float) storage.getDouble(i);
            case FLOAT64 -> ((double[]) array)[i] = storage.getDouble(i);
            case FLOAT16 -> ((short[]) array)[i] = HalfFloats.floatToHalf((float) storage.getDouble(i));
            case BFLOAT16 -> ((short[]) array)[i] = HalfFloats.floatToBfloat16((float) storage.getDouble(i));
            case INT32 -> ((int[]) array)[i] = (int) storage.getLong(i);
            case INT64 -> ((long[]) array)[i] = storage.getLong(i);
            case BOOL -> ((boolean[]) array)[i] = storage.getLong(i) != 0;
        }
    }

    /** Element {@code i} of the host array {@code array} written into {@code storage} of the same dtype. */
    public static void load(Object array, int i, Storage storage) {
        switch (storage.dtype()) {
            case FLOAT32 -> storage.setDouble(i, ((float[]) array)[i]);
            case FLOAT64 -> storage.setDouble(i, ((double[]) array)[i]);
            case FLOAT16 -> storage.setDouble(i, HalfFloats.halfToFloat(((short[]) array)[i]));
            case BFLOAT16 -> storage.setDouble(i, HalfFloats.bfloat16ToFloat(((short[]) array)[i]));
            case INT32 -> storage.setLong(i, ((int[]) array)[i]);
            case INT64 -> storage.setLong(i, ((long[]) array)[i]);
            case BOOL -> storage.setLong(i, ((boolean[]) array)[i] ? 1 : 0);
        }
    }
}
