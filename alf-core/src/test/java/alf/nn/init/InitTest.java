package alf.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.nn.Parameter;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {

    private static double[] meanVarMaxAbs(Tensor t) {
        double[] v = t.toDoubleArray();
        double s = 0;
        double sq = 0;
        double m = 0;
        for (double x : v) {
            s += x;
            sq += x * x;
            m = Math.max(m, Math.abs(x));
        }
        double mean = s / v.length;
        return new double[] {mean, sq / v.length - mean * mean, m};
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(new Fans(3, 4), Fans.of(new int[] {4, 3}));
        assertEquals(new Fans(3 * 5 * 5, 8 * 5 * 5), Fans.of(new int[] {8, 3, 5, 5}));
        assertEquals(3, Fans.of(new int[] {4, 3}).get(FanMode.FAN_IN));
        assertThrows(IllegalArgumentException.class, () -> Fans.of(new int[] {4}));
    }

    @Test
    void gainsFollowCalculateGain() {
        assertEquals(1.0, Nonlinearity.LINEAR.gain());
        assertEquals(5.0 / 3, Nonlinearity.TANH.gain());
        assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain());
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Nonlinearity.LEAKY_RELU.gain());
        assertEquals(Math.sqrt(1.0 / 3), Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), 1e-15);
    }

    @Test
    void kaimingAndXavierHaveTheirVariances() {
        Rng rng = new Rng(7);
        Tensor w = Tensor.zeros(DType.FLOAT64, 200, 300);
        double[] s = meanVarMaxAbs(Init.kaimingUniform(w, 0, FanMode.FAN_IN, Nonlinearity.RELU, rng));
        double std = Math.sqrt(2.0) / Math.sqrt(300);
        assertEquals(std * std, s[1], 0.02 * std * std);
        assertTrue(s[2] <= Math.sqrt(3) * std);
        s = meanVarMaxAbs(Init.kaimingNormal(w, 0, FanMode.FAN_OUT, Nonlinearity.RELU, rng));
        std = Math.sqrt(2.0) / Math.sqrt(200);
        assertEquals(std * std, s[1], 0.03 * std * std);
        s = meanVarMaxAbs(Init.xavierUniform(w, 1.0, rng));
        std = Math.sqrt(2.0 / 500);
        assertEquals(std * std, s[1], 0.02 * std * std);
        assertTrue(s[2] <= Math.sqrt(6.0 / 500));
        s = meanVarMaxAbs(Init.xavierNormal(w, 2.0, rng));
        assertEquals(4 * std * std, s[1], 0.03 * 4 * std * std);
        s = meanVarMaxAbs(Init.normal(w, 3.0, 0.5, rng));
        assertEquals(3.0, s[0], 0.01);
        assertEquals(0.25, s[1], 0.01);
    }

    @Test
    void initialisesParametersInPlaceWithoutRecording() {
        Tensor p = Parameter.zeros(DType.FLOAT32, 4, 4);
        Tensor r = Init.uniform(p, -1, 1, new Rng(1));
        assertSame(p, r);
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertTrue(Init.constant(p, 2.5).toDoubleArray()[15] == 2.5);
        assertEquals(0.0, Init.zeros(p).abs().sumAll().item());
        assertEquals(16.0, Init.ones(p).sumAll().item());
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(DType.INT32, 2), 0, 1,
                new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(p, 1, 0, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(p, 0, -1, new Rng(1)));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {5, 5}, {3, 2, 2}}) {
            Tensor w = Init.orthogonal(Tensor.zeros(DType.FLOAT64, shape), 2.0, new Rng(3));
            int rows = shape[0];
            Tensor m = w.reshape(rows, w.numel() / rows);
            boolean tall = rows >= m.size(1);
            Tensor gram = tall ? m.t().matmul(m) : m.matmul(m.t());
            int k = gram.size(0);
            Tensor expected = Tensor.eye(k, DType.FLOAT64).mul(4.0);
            assertEquals(0.0, gram.sub(expected).abs().maxAll().item(), 1e-12, java.util.Arrays.toString(shape));
        }
        Tensor a = Init.orthogonal(Tensor.zeros(5, 5), 1.0, new Rng(9));
        Tensor b = Init.orthogonal(Tensor.zeros(5, 5), 1.0, new Rng(10));
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), b.toFloatArray()));
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(Tensor.zeros(3), 1, new Rng(1)));
    }
}
