package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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

    /**
     * Runs of many lengths (shorter than one vector of any width, whole vectors, vectors plus a tail) at several
     * offsets into a storage holding NaNs before and after them: one NaN, +∞ or −∞ at any position — in the vector body, its last lane, the first or
     * last element of the tail — is found, and the same run without it passes, with the largest finite values too.
     */
    @Test
    void exactAtEveryPositionOfVectorBodyAndTailForManyLengthsAndOffsets() {
        int[] lengths = {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 67, 100, 257};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double max = dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
            double tiny = dtype == DType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
            for (int n : lengths) {
                for (int offset : new int[] {0, 1, 5}) {
                    double[] values = new double[offset + n + 3];
                    Arrays.fill(values, Double.NaN); // before and after the run: must not count
                    for (int i = 0; i < n; i++) {
                        values[offset + i] = i % 4 == 0 ? max : i % 4 == 1 ? -tiny : (i % 4 == 2 ? -max : 0.25 * i);
                    }
                    Tensor storage = Tensor.of(values, dtype, values.length);
                    Tensor run = storage.narrow(0, offset, n);
                    String where = dtype + " n = " + n + ", offset " + offset;
                    assertFalse(flagged(run), where + ": all finite");
                    for (int at = 0; at < n; at++) {
                        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY}) {
                            Tensor element = run.narrow(0, at, 1);
                            element.fill_(bad);
                            assertTrue(flagged(run), where + ": " + bad + " at " + at);
                            element.fill_(values[offset + at]);
                        }
                    }
                    assertFalse(flagged(run), where + ": finite again");
                }
            }
        }
    }
}
