package alf.tensor;

/**
 * Conversions between float32 and the 16-bit float formats stored as raw {@code short} bits.
 *
 * <p>float16 is IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits); bfloat16 is the upper half of a float32
 * (1, 8, 7). Both round float32 to nearest, ties to even, as PyTorch's casts do; NaN stays NaN, overflow gives ±inf.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** binary16 bits → float32 (exact). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: mant * 2^-24
            float v = mant * 0x1.0p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float32 → binary16 bits, round to nearest even. */
    public static short floatToHalf(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int exp = (x >>> 23) & 0xFF;
        int mant = x & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal result: shift the implicit-one mantissa right and round to nearest even
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = 1 << (shift - 1);
            int rounded = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            if (rem > half || (rem == half && (rounded & 1) != 0)) {
                rounded++;
            }
            return (short) (sign | rounded);
        }
        int rounded = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (rounded & 1) != 0)) {
            rounded++; // may carry into the exponent, which correctly yields the next binade or infinity
        }
        return (short) (sign | rounded);
    }

    /** bfloat16 bits → float32 (exact). */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float32 → bfloat16 bits, round to nearest even; NaN stays a quiet NaN. */
    public static short floatToBfloat16(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int lsb = (x >>> 16) & 1;
        int rounded = x + 0x7FFF + lsb;
        return (short) (rounded >>> 16);
    }
}
