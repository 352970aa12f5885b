package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LinearTest {

    @Test
    void defaultInitIsUniformWithBoundOneOverSqrtFanIn() {
        int in = 400;
        int out = 300;
        Linear lin = new Linear(in, out, new Rng(11));
        double bound = 1.0 / Math.sqrt(in);
        double[] w = lin.weight().toDoubleArray();
        assertArrayEquals(new int[] {out, in}, lin.weight().shape());
        double sum = 0;
        double sumSq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = w.length;
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        // U(-b, b): mean 0 with standard error b/sqrt(3n) = 8.3e-5; variance b²/3 with relative error ~0.26%.
        assertEquals(0.0, mean, 6 * bound / Math.sqrt(3.0 * n));
        assertEquals(bound * bound / 3, var, 0.02 * bound * bound / 3);
        assertTrue(min >= -bound && max <= bound, "within [-b, b]: " + min + " " + max);
        assertTrue(min < -0.999 * bound && max > 0.999 * bound, "fills the whole interval: " + min + " " + max);

        double[] b = lin.bias().toDoubleArray();
        assertEquals(out, b.length);
        double bMean = 0;
        for (double v : b) {
            assertTrue(Math.abs(v) <= bound, "bias within bound: " + v);
            bMean += v / out;
        }
        assertEquals(0.0, bMean, 6 * bound / Math.sqrt(3.0 * out));
    }

    @Test
    void initIsDeterministicPerSeed() {
        assertArrayEquals(new Linear(5, 4, new Rng(3)).weight().toFloatArray(),
                new Linear(5, 4, new Rng(3)).weight().toFloatArray());
    }

    @Test
    void forwardIsXTimesWTransposedPlusB() {
        Linear lin = new Linear(3, 2, true, DType.FLOAT64, new Rng(1));
        double[] w = lin.weight().toDoubleArray();
        double[] b = lin.bias().toDoubleArray();
        double[] x = {1.0, -2.0, 0.5, 3.0, 0.25, -1.0};
        Tensor y = lin.call(Tensor.of(x, 2, 3));
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new int[] {2, 2}, y.shape());
        double[] expected = new double[4];
        for (int r = 0; r < 2; r++) {
            for (int o = 0; o < 2; o++) {
                double s = b[o];
                for (int i = 0; i < 3; i++) {
                    s += x[r * 3 + i] * w[o * 3 + i];
                }
                expected[r * 2 + o] = s;
            }
        }
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        // A single vector and batched leading dimensions work like torch.
        assertArrayEquals(new int[] {2}, lin.call(Tensor.of(new double[] {1, 2, 3})).shape());
        assertArrayEquals(new int[] {4, 5, 2}, lin.call(Tensor.zeros(DType.FLOAT64, 4, 5, 3)).shape());
    }

    @Test
    void noBiasLayerHasOnlyAWeight() {
        Linear lin = new Linear(3, 2, false, new Rng(1));
        assertEquals(1, lin.parameters().size());
        Tensor x = Tensor.ones(1, 3);
        assertArrayEquals(x.matmul(lin.weight().t()).toFloatArray(), lin.call(x).toFloatArray());
    }

    @Test
    void gradientsReachWeightAndBias() {
        Linear lin = new Linear(2, 1, true, DType.FLOAT64, new Rng(2));
        Tensor x = Tensor.of(new double[] {1.5, -2.0, 0.5, 1.0}, 2, 2);
        lin.call(x).sumAll().backward();
        assertArrayEquals(new double[] {2.0, -1.0}, lin.weight().grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {2.0}, lin.bias().grad().toDoubleArray(), 1e-12);
    }

    @Test
    void badArgumentsAreNamed() {
        Rng rng = new Rng(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, rng)).getMessage()
                .contains("in=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Linear(2, 2, true, DType.INT32, rng))
                .getMessage().contains("int32"));
        Linear lin = new Linear(3, 2, rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lin.call(Tensor.zeros(4, 2)));
        assertTrue(e.getMessage().contains("last dimension 3") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    /**
     * The weight's gradient through {@code x·Wᵀ} is, element by element, the fma chain Σ_m x[m,i]·g[m,o] in row order,
     * bit for bit, whether the product lands in the weight's layout (wide inputs) or is transposed into it (narrow).
     */
    @Test
    void weightGradientIsTheRowOrderedFmaChainForNarrowAndWideInputs() {
        for (int in : new int[] {3, 40}) {
            int rows = 37;
            int out = 24;
            Rng rng = new Rng(5 + in);
            Linear lin = new Linear(in, out, rng);
            Tensor x = Tensor.randn(rng, rows, in);
            Tensor g = Tensor.randn(rng, rows, out);
            lin.forward(x).backward(g);
            Tensor grad = lin.weight().grad();
            assertArrayEquals(new int[] {out, in}, grad.shape());
            assertTrue(grad.isContiguous(), ".grad is contiguous");
            float[] xs = x.toFloatArray();
            float[] gs = g.toFloatArray();
            float[] expected = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    float sum = 0f;
                    for (int m = 0; m < rows; m++) {
                        sum = Math.fma(xs[m * in + i], gs[m * out + o], sum);
                    }
                    expected[o * in + i] = sum;
                }
            }
            assertArrayEquals(expected, grad.toFloatArray(), 0f, "in = " + in);
        }
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + " [" + i + "]");
        }
    }

    /**
     * {@code linearRelu} (one fused kernel forward) gives the values and the gradients of x, W and b of
     * {@code matmul(W.t()).add(b).relu()} bit for bit, for batched and 3-d inputs, narrow and wide layers, when only
     * some leaves want gradients, and with a recorded backward (create_graph).
     */
    @Test
    void fusedLinearReluMatchesTheComposedOpsBitForBit() {
        int[][] cases = {{37, 40, 24}, {2 * 5, 3, 33}, {256, 256, 256}};
        for (int[] c : cases) {
            for (int wants = 1; wants < 8; wants++) {
                for (boolean createGraph : new boolean[] {false, true}) {
                    Tensor[] fused = leaves(c, wants);
                    Tensor[] composed = leaves(c, wants);
                    int[] xShape = c[0] == 10 ? new int[] {2, 5, c[1]} : new int[] {c[0], c[1]};
                    Tensor xf = fused[0].reshape(xShape);
                    Tensor xc = composed[0].reshape(xShape);
                    Tensor yf = xf.linearRelu(fused[1], fused[2]);
                    Tensor yc = xc.matmul(composed[1].t()).add(composed[2]).relu();
                    String what = java.util.Arrays.toString(c) + " wants " + wants + " createGraph " + createGraph;
                    assertSameBits(yc, yf, what + " value");
                    Tensor g = Tensor.randn(new Rng(9), yc.shape());
                    yf.backward(g, false, createGraph);
                    yc.backward(g, false, createGraph);
                    for (int i = 0; i < 3; i++) {
                        if ((wants & (1 << i)) != 0) {
                            assertSameBits(composed[i].grad(), fused[i].grad(), what + " grad " + i);
                            assertEquals(createGraph, fused[i].grad().requiresGrad(), what + " grad " + i + " graph");
                        }
                    }
                }
            }
        }
    }

    /** x [rows, in], W [out, in], b [out] from a fixed seed; bit i of {@code wants} marks leaf i as requiring grad. */
    private static Tensor[] leaves(int[] c, int wants) {
        Rng rng = new Rng(c[0] + 100L * c[1] + 10000L * c[2]);
        Tensor[] t = {Tensor.randn(rng, c[0], c[1]), Tensor.randn(rng, c[2], c[1]), Tensor.randn(rng, c[2])};
        for (int i = 0; i < 3; i++) {
            t[i].setRequiresGrad((wants & (1 << i)) != 0);
        }
        return t;
    }
}
