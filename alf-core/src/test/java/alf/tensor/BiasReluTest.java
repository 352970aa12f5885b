package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Tensor#addBiasRelu} (one fused kernel forward, one backward) against the separate ops
 * {@code add(bias).relu()} it replaces: values and the gradients of z and of the bias are bit-identical, in float32
 * and float64, for batches of any rank, for non-contiguous inputs (the composed kernels), with zeros, negatives and
 * NaN, when only one input needs a gradient, and under a recorded backward (higher-order gradients).
 */
class BiasReluTest {

    private static Tensor input(Rng rng, DType dtype, int... shape) {
        Tensor z = Tensor.randn(rng, dtype, shape);
        // exact zeros and a NaN: the ReLU edge cases (0 passes no gradient; NaN propagates forward)
        z = Tensor.where(z.abs().lt(0.1), Tensor.zerosLike(z), z);
        int n = z.numel();
        double[] v = z.toDoubleArray();
        v[n / 2] = Double.NaN;
        return Tensor.of(v, dtype, shape);
    }

    private static void assertBitEqual(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            long eb = expected.dtype() == DType.FLOAT32 ? Float.floatToIntBits((float) e[i])
                    : Double.doubleToLongBits(e[i]);
            long ab = expected.dtype() == DType.FLOAT32 ? Float.floatToIntBits((float) a[i])
                    : Double.doubleToLongBits(a[i]);
            assertEquals(eb, ab, what + " element " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    /** Runs both forms from the same leaves and compares output and both gradients. */
    private static void check(Tensor zData, Tensor biasData, boolean zGrad, boolean biasGrad, String what) {
        Tensor z1 = zData.detach().setRequiresGrad(zGrad);
        Tensor b1 = biasData.detach().setRequiresGrad(biasGrad);
        Tensor z2 = zData.detach().setRequiresGrad(zGrad);
        Tensor b2 = biasData.detach().setRequiresGrad(biasGrad);
        Tensor expected = z1.add(b1).relu();
        Tensor actual = z2.addBiasRelu(b2);
        assertBitEqual(expected, actual, what + " forward");
        if (zData.isContiguous()) {
            Tensor weights = Tensor.randn(new Rng(3), zData.dtype(), zData.shape());
            expected.mul(weights).sumAll().backward();
            actual.mul(weights).sumAll().backward();
        } else {
            // the incoming gradient is then a 0-stride view of ones: the composed backward kernels
            expected.sumAll().backward();
            actual.sumAll().backward();
        }
        if (zGrad) {
            assertBitEqual(z1.grad(), z2.grad(), what + " grad z");
        } else {
            assertNull(z2.grad(), what);
        }
        if (biasGrad) {
            assertBitEqual(b1.grad(), b2.grad(), what + " grad bias");
        } else {
            assertNull(b2.grad(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void valuesAndGradientsEqualAddThenRelu(DType dtype) {
        Rng rng = new Rng(17);
        for (int[] shape : new int[][] {{5, 7}, {1, 33}, {64, 256}, {3, 4, 37}}) {
            int n = shape[shape.length - 1];
            Tensor z = input(rng, dtype, shape);
            Tensor bias = Tensor.randn(rng, dtype, n).mul(0.1);
            String what = dtype + java.util.Arrays.toString(shape);
            check(z, bias, true, true, what);
            check(z, bias, false, true, what + " bias only");
            check(z, bias, true, false, what + " z only");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void nonContiguousInputsRunTheComposedKernels(DType dtype) {
        Rng rng = new Rng(23);
        Tensor zt = input(rng, dtype, 19, 6).t();
        check(zt, Tensor.randn(rng, dtype, 19), true, true, dtype + " transposed z");
        Tensor wide = Tensor.randn(rng, dtype, 40);
        check(input(rng, dtype, 8, 20), wide.narrow(0, 5, 20), true, true, dtype + " narrowed bias");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aRecordedBackwardIsDifferentiable(DType dtype) {
        Rng rng = new Rng(29);
        Tensor zData = input(rng, dtype, 6, 9);
        Tensor biasData = Tensor.randn(rng, dtype, 9);
        Tensor[] grads = new Tensor[2];
        for (int k = 0; k < 2; k++) {
            Tensor z = zData.detach().setRequiresGrad(true);
            Tensor b = biasData.detach().setRequiresGrad(true);
            Tensor y = k == 0 ? z.add(b).relu() : z.addBiasRelu(b);
            Tensor loss = y.square().sumAll();
            Tensor[] g = Autograd.grad(new Tensor[] {loss}, new Tensor[] {z, b}, null, true, true, false);
            assertTrue(g[1].requiresGrad(), "the bias gradient is itself differentiable");
            grads[k] = g[1];
        }
        assertBitEqual(grads[0], grads[1], dtype + " create_graph bias grad");
    }
}
