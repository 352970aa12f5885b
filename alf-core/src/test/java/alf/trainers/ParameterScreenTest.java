package alf.trainers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterScreenTest {

    private static boolean flagged(Tensor parameter) {
        return new ParameterScreen().mayBeNonFinite(List.of(parameter), 0);
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
    void aStridedViewIsScreenedThroughItsSum() {
        Tensor base = Tensor.of(new float[] {1, 2, Float.NaN, 4, 5, 6}, 2, 3);
        assertTrue(flagged(base.transpose(0, 1)), "the transposed view holds the NaN");
        assertFalse(flagged(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).transpose(0, 1)));
    }

    @Test
    void onlyTheElementsOfAViewCountAndTheScreenFollowsTheParameters() {
        Tensor storage = Tensor.of(new float[] {Float.NaN, 1, 2, 3});
        Tensor tail = storage.narrow(0, 1, 3);
        ParameterScreen screen = new ParameterScreen();
        assertFalse(screen.mayBeNonFinite(List.of(tail), 0), "the NaN lies outside the parameter's elements");
        Tensor other = Tensor.of(new float[] {1, Float.POSITIVE_INFINITY});
        assertTrue(screen.mayBeNonFinite(List.of(tail, other), 1), "a new parameter list is screened anew");
        other.fill_(2.0);
        assertFalse(screen.mayBeNonFinite(List.of(tail, other), 1), "each call reads the current values");
    }
}
