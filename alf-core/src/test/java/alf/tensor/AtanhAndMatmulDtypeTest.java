package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#atanh} on both tails against a float64 reference, and {@link Tensor#matmul} refusing mixed dtypes
 * as PyTorch does.
 */
class AtanhAndMatmulDtypeTest {

    /**
     * atanh y = ½·log((1+y)/(1−y)) evaluated in float64 for |y| ≥ ½: there 1+y and 1−y are exact or within half an
     * ulp (Sterbenz), so the quotient and its log carry only a few ulps of relative error.
     */
    private static double tailReference(double y) {
        return 0.5 * Math.log((1.0 + y) / (1.0 - y));
    }

    @Test
    void float64IsAccurateOnBothTails() {
        for (double t = 1; t <= 18; t += 0.5) {
            for (double sign : new double[] {1, -1}) {
                double y = Math.tanh(sign * t);
                double expected = tailReference(y);
                double actual = Tensor.of(new double[] {y}, 1).atanh().toDoubleArray()[0];
                assertEquals(expected, actual, 4e-16 * Math.abs(expected), "atanh(" + y + ") = atanh(tanh(" + sign * t
                        + "))");
            }
        }
    }

    @Test
    void float32IsAccurateOnBothTails() {
        for (double t = 0.6; t <= 8.3; t += 0.1) {
            for (double sign : new double[] {1, -1}) {
                float y = (float) Math.tanh(sign * t);
                if (Math.abs(y) == 1f) {
                    continue;
                }
                double expected = tailReference(y);
                float actual = Tensor.of(new float[] {y}, 1).atanh().toFloatArray()[0];
                assertEquals(expected, actual, Math.ulp((float) expected), "atanh(" + y + ") in float32");
            }
        }
    }

    @Test
    void endpointsAndOutOfDomainFollowPyTorch() {
        double[] out = Tensor.of(new double[] {-1, 1, -0.0, 1.5, Double.NaN}, 5).atanh().toDoubleArray();
        assertEquals(Double.NEGATIVE_INFINITY, out[0]);
        assertEquals(Double.POSITIVE_INFINITY, out[1]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(out[2]), "atanh(-0) = -0");
        assertTrue(Double.isNaN(out[3]) && Double.isNaN(out[4]));
    }

    @Test
    void matmulOfMixedDtypesIsRefusedNamingBothDtypesAndShapes() {
        Tensor f32 = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor f64 = Tensor.zeros(DType.FLOAT64, 3, 4);
        Tensor i64 = Tensor.zeros(DType.INT64, 2, 3);
        IllegalArgumentException mixedFloat = assertThrows(IllegalArgumentException.class, () -> f32.matmul(f64));
        assertTrue(mixedFloat.getMessage().startsWith("matmul: both tensors must have the same dtype, got "
                + DType.FLOAT32 + " [2, 3] and " + DType.FLOAT64 + " [3, 4]"), mixedFloat.getMessage());
        IllegalArgumentException intFloat = assertThrows(IllegalArgumentException.class,
                () -> i64.matmul(Tensor.zeros(DType.FLOAT32, 3, 4)));
        assertTrue(intFloat.getMessage().contains(DType.INT64 + " [2, 3] and " + DType.FLOAT32 + " [3, 4]"),
                intFloat.getMessage());
        assertEquals(DType.FLOAT64, f64.transpose(0, 1).matmul(Tensor.zeros(DType.FLOAT64, 3, 2)).dtype());
    }
}
