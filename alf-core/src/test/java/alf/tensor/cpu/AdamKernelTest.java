package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU backend's fused Adam-family update ({@link CpuBackend#adamStep}) gives the very bits of the reference
 * composition of primitive kernels ({@link AdamRule#applyComposed}) that every other backend runs, over many steps
 * with changing per-step numbers: for PyTorch's and TensorFlow's forms (Adam, AdamW, AdamTF), with and without
 * coupled L2 decay, decoupled decay and AMSGrad, in float32 and float64, on sizes with and without a scalar tail.
 */
class AdamKernelTest {
    private static final int STEPS = 40;

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (AdamRule.Form form : AdamRule.Form.values()) {
                for (boolean l2 : new boolean[] {false, true}) {
                    for (boolean decoupled : new boolean[] {false, true}) {
                        for (boolean amsgrad : new boolean[] {false, true}) {
                            cases.add(Arguments.of(dtype, form, l2, decoupled, amsgrad));
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** One parameter's tensors: θ, m, v, v̂max and the two work buffers. */
    private record State(Tensor param, Tensor m, Tensor v, Tensor vmax, Tensor work, Tensor work2) {
        static State of(Tensor param, boolean amsgrad) {
            return new State(Tensor.zerosLike(param).copy_(param), Tensor.zerosLike(param), Tensor.zerosLike(param),
                    amsgrad ? Tensor.zerosLike(param) : null, Tensor.zerosLike(param), Tensor.zerosLike(param));
        }

        AdamSlots slots(Tensor grad) {
            return new AdamSlots(param, grad, m, v, vmax, work, work2);
        }
    }

    @ParameterizedTest(name = "{0} {1} l2={2} decoupled={3} amsgrad={4}")
    @MethodSource("cases")
    void fusedKernelEqualsTheCompositionBitForBit(DType dtype, AdamRule.Form form, boolean l2, boolean decoupled,
            boolean amsgrad) {
        for (int n : new int[] {1, 7, 67, 1000}) {
            Rng rng = new Rng(n * 31L + form.ordinal());
            Tensor init = Tensor.randn(rng, dtype, n).mul(0.5);
            State fused = State.of(init, amsgrad);
            State composed = State.of(init, amsgrad);
            double beta1 = 0.9;
            double beta2 = 0.999;
            for (int t = 1; t <= STEPS; t++) {
                // gradients of varied scale (some tiny, so ε matters), a changing learning rate
                Tensor grad = Tensor.randn(rng, dtype, n).mul(t % 3 == 0 ? 1e-6 : 0.3);
                double lr = 1e-3 * (1 + 0.1 * Math.sin(t));
                AdamRule rule = rule(form, beta1, beta2, lr, t, l2, decoupled);
                assertTrue(AdamKernel.run(rule, fused.slots(grad)), "the fused kernel takes contiguous " + dtype);
                rule.applyComposed(composed.slots(grad));
                String at = dtype + " n=" + n + " step " + t;
                assertBitEqual(composed.param(), fused.param(), at + " param");
                assertBitEqual(composed.m(), fused.m(), at + " exp_avg");
                assertBitEqual(composed.v(), fused.v(), at + " exp_avg_sq");
                if (amsgrad) {
                    assertBitEqual(composed.vmax(), fused.vmax(), at + " max_exp_avg_sq");
                }
            }
        }
    }

    private static AdamRule rule(AdamRule.Form form, double beta1, double beta2, double lr, int t, boolean l2,
            boolean decoupled) {
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        Tensor decay = decoupled ? Tensor.hostScalar(() -> 1 - lr * 0.01) : null;
        if (form == AdamRule.Form.PYTORCH) {
            return new AdamRule(form, beta1, beta2, 1e-8, l2 ? 0.02 : 0, decay, Tensor.hostScalar(() -> -lr / bc1),
                    Tensor.hostScalar(() -> Math.sqrt(bc2)));
        }
        return new AdamRule(form, beta1, beta2, 1e-7, l2 ? 0.02 : 0, decay,
                Tensor.hostScalar(() -> lr * Math.sqrt(bc2) / bc1), null);
    }

    @Test
    void aNonContiguousParameterFallsBackToTheComposition() {
        Rng rng = new Rng(5);
        Tensor base = Tensor.randn(rng, 6, 5);
        Tensor grad = Tensor.randn(rng, 5, 6);
        State fused = State.of(base, false);
        State composed = State.of(base, false);
        AdamRule rule = rule(AdamRule.Form.PYTORCH, 0.9, 0.999, 1e-2, 1, false, false);
        Tensor fusedParam = fused.param().t();
        CpuBackend.INSTANCE.adamStep(rule, new AdamSlots(fusedParam, grad, fused.m().t(), fused.v().t(), null,
                fused.work().t(), fused.work2().t()));
        rule.applyComposed(new AdamSlots(composed.param().t(), grad, composed.m().t(), composed.v().t(), null,
                composed.work().t(), composed.work2().t()));
        assertBitEqual(composed.param(), fused.param(), "transposed param");
    }

    @Test
    void slotsOfAnotherShapeOrDtypeAreRejectedByName() {
        Tensor p = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdamSlots(p, Tensor.zeros(4), p, p, null, p, p));
        assertEquals("adamStep: slot grad is float32[4] but the parameter is float32[3]", e.getMessage());
        IllegalArgumentException noC2 = assertThrows(IllegalArgumentException.class,
                () -> new AdamRule(AdamRule.Form.PYTORCH, 0.9, 0.999, 1e-8, 0, null, Tensor.hostScalar(() -> 1), null));
        assertEquals("AdamRule: sqrtBiasCorrection2 must be a floating 0-d tensor, got null", noC2.getMessage());
    }

    private static void assertBitEqual(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (expected.dtype() == DType.FLOAT32) {
                assertEquals(Float.floatToIntBits((float) e[i]), Float.floatToIntBits((float) a[i]),
                        what + " element " + i);
            } else {
                assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), what + " element " + i);
            }
        }
    }
}
