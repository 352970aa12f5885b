package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final double[] X = {-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 100.0};

    private static void check(Module m, DoubleUnaryOperator f) {
        Tensor x = Tensor.of(X.clone());
        double[] y = m.call(x).toDoubleArray();
        for (int i = 0; i < X.length; i++) {
            assertEquals(f.applyAsDouble(X[i]), y[i], 1e-12, m + " at " + X[i]);
        }
    }

    @Test
    void valuesMatchTheirFormulas() {
        check(new ReLU(), v -> Math.max(v, 0));
        check(new Tanh(), Math::tanh);
        check(new Softsign(), v -> v / (1 + Math.abs(v)));
        check(new Sigmoid(), v -> 1 / (1 + Math.exp(-v)));
        check(new ELU(), v -> v > 0 ? v : Math.expm1(v));
        check(new ELU(0.5), v -> v > 0 ? v : 0.5 * Math.expm1(v));
        check(new Identity(), v -> v);
    }

    @Test
    void inPlaceVariantsOverwriteTheirInput() {
        for (Module m : new Module[] {new ReLU(true), new Tanh(true), new Softsign(true)}) {
            Tensor x = Tensor.of(X.clone());
            Tensor y = m.call(x);
            assertSame(x, y, m.toString());
        }
        Tensor x = Tensor.of(X.clone());
        assertNotSame(x, new Softsign().call(x));
        assertArrayEquals(X, x.toDoubleArray(), "the out-of-place variant leaves the input alone");
        Tensor s = Tensor.of(X.clone());
        new Softsign(true).call(s);
        assertEquals(-30.0 / 31.0, s.toDoubleArray()[0], 1e-15);
    }

    @Test
    void inPlaceActivationAfterLinearKeepsGradientsCorrect() {
        // softsign_ on a non-leaf: autograd must use the saved output, d/dx softsign = 1/(1+|x|)².
        Tensor w = Tensor.of(new double[] {2.0}).setRequiresGrad(true);
        Tensor h = w.mul(Tensor.of(new double[] {1.5}));
        new Softsign(true).call(h).sumAll().backward();
        assertEquals(1.5 / Math.pow(1 + 3.0, 2), w.grad().item(), 1e-12);
    }

    @Test
    void eluGradientIsFiniteForLargeInputs() {
        Tensor x = Tensor.of(new float[] {-5f, 0.5f, 200f}).setRequiresGrad(true);
        new ELU().call(x).sumAll().backward();
        float[] g = x.grad().toFloatArray();
        assertEquals((float) Math.exp(-5), g[0], 1e-7);
        assertEquals(1f, g[1]);
        assertEquals(1f, g[2], "no 0·∞ from the unused branch");
        assertEquals(DType.FLOAT32, new ELU().call(x).dtype());
        assertThrows(IllegalArgumentException.class, () -> new ELU(Double.NaN));
    }
}
