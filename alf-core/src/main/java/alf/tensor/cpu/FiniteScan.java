package alf.tensor.cpu;

/**
 * Whether a run of IEEE 754 values holds no NaN or infinity, by their exponent fields alone: a value is NaN or ±∞
 * exactly when every exponent bit is set. For each element the exponent field e (bits masked in place) plus one unit of
 * the exponent's lowest bit sets the sign bit exactly when e is all ones (e ≤ all-ones − 1 unit stays below it), so the
 * bitwise OR of those sums over the run is negative exactly when some element is not finite. With the Vector API
 * ({@link VectorSupport#AVAILABLE}) the whole vectors of the run are screened by {@link VectorFiniteScan} (as exact, by
 * another test) and only the tail (fewer elements than a vector) by that scalar loop; without it, the whole run by
 * the scalar loop, which C2 leaves scalar (5 to 8 times slower on 200,000 float32 values with AVX-512).
 */
final class FiniteScan {
    private static final int FLOAT_EXPONENT = 0x7f80_0000;
    private static final int FLOAT_EXPONENT_UNIT = 0x0080_0000;
    private static final long DOUBLE_EXPONENT = 0x7ff0_0000_0000_0000L;
    private static final long DOUBLE_EXPONENT_UNIT = 0x0010_0000_0000_0000L;

    private FiniteScan() {
    }

    /** Whether a[from .. from + n) are all finite. */
    static boolean floats(float[] a, int from, int n) {
        int body = VectorSupport.AVAILABLE ? VectorFiniteScan.floatBound(n) : 0;
        if (body > 0 && !VectorFiniteScan.floats(a, from, body)) {
            return false;
        }
        int acc = 0;
        for (int k = from + body, end = from + n; k < end; k++) {
            acc |= (Float.floatToRawIntBits(a[k]) & FLOAT_EXPONENT) + FLOAT_EXPONENT_UNIT;
        }
        return acc >= 0;
    }

    /** Whether a[from .. from + n) are all finite. */
    static boolean doubles(double[] a, int from, int n) {
        int body = VectorSupport.AVAILABLE ? VectorFiniteScan.doubleBound(n) : 0;
        if (body > 0 && !VectorFiniteScan.doubles(a, from, body)) {
            return false;
        }
        long acc = 0;
        for (int k = from + body, end = from + n; k < end; k++) {
            acc |= (Double.doubleToRawLongBits(a[k]) & DOUBLE_EXPONENT) + DOUBLE_EXPONENT_UNIT;
        }
        return acc >= 0;
    }
}
