package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Backend#allFinite}, as the trainer screens its parameters with it after each update: exact for NaN and both
 * infinities, not fooled by finite values whose sum overflows, over a view's own elements, with current values.
 */
class AllFiniteTest {

    private static boolean flagged(Tensor parameter) {
        return !parameter.backend().allFinite(parameter);
    }

    @Test
    void flagsNaNAndBothInfinitiesInFloat32AndFloat64() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                double[] values = {0.5, -1.0, 3.0, 7.0, -2.5};
                values[3] = bad;
                assertTrue(flagged(Tensor.of(values, dtype, 5)), dtype + " holding " + bad);
            }
            assertFalse(flagged(Tensor.of(new double[] {0.5, -1.0, 0.0, -0.0, 1e-40}, dtype, 5)), dtype.toString());
        }
    }

    @Test
    void hugeFiniteParametersWhoseSumOverflowsAreNotFlagged() {
        Tensor huge = Tensor.full(DType.FLOAT32, Float.MAX_VALUE, 4, 4);
        assertFalse(flagged(huge), "every element is finite; only a sum would overflow");
    }

    @Test
    void aStridedViewIsScreenedOverItsOwnElements() {
        Tensor base = Tensor.of(new float[] {1, 2, Float.NaN, 4, 5, 6}, 2, 3);
        assertTrue(flagged(base.transpose(0, 1)), "the transposed view holds the NaN");
        assertFalse(flagged(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).transpose(0, 1)));
    }

    @Test
    void viewsOfOneBufferAreScreenedOverTheirOwnElementsWithCurrentValues() {
        Tensor flat = Tensor.of(new float[] {1, 2, 3, 4, 5, 6});
        Tensor head = flat.narrow(0, 0, 2);
        Tensor tail = flat.narrow(0, 2, 4);
        assertFalse(flagged(head) || flagged(tail));
        flat.narrow(0, 4, 1).fill_(Double.POSITIVE_INFINITY);
        assertTrue(flagged(tail), "each screen reads the current values");
        assertFalse(flagged(head), "the infinity lies outside the head's elements");
        Tensor other = Tensor.of(new float[] {Float.NaN, 1});
        assertTrue(flagged(other));
        assertFalse(flagged(head));
    }
}
