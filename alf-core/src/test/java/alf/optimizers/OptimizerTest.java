package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter groups, their errors, skipping of parameters without gradients, clipping options and validation. */
class OptimizerTest {

    private static Tensor param(double... values) {
        return Tensor.of(values, DType.FLOAT32, values.length).setRequiresGrad(true);
    }

    private static <T extends Throwable> String message(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void steppingWithoutParametersSaysSo() {
        Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, null, null);
        String m = message(IllegalStateException.class, adam::step);
        assertTrue(m.contains("Adam.step()") && m.contains("no parameters") && m.contains("addParamGroup"), m);
    }

    @Test
    void aParameterMayBelongToOneGroupOnly() {
        Tensor a = param(1, 2);
        Tensor b = param(3);
        Sgd sgd = new Sgd(0.1, 0, 0, false, 0, null, null);
        sgd.addParamGroup(List.of(a, b));
        String across = message(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(param(0), b)));
        assertTrue(across.contains("parameter #1 of new group #1") && across.contains("parameter #1 of group #0"),
                across);
        Tensor c = param(9);
        String same = message(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(c, param(8), c)));
        assertTrue(same.contains("parameter #2") && same.contains("same tensor as parameter #0"), same);
        assertEquals(1, sgd.paramGroups().size(), "refused groups are not added");
    }

    @Test
    void badParameterListsAreRefusedWithTheReason() {
        Sgd sgd = new Sgd(0.1, 0, 0, false, 0, null, null);
        assertTrue(message(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of())).contains("empty"));
        Tensor leaf = param(1, 2);
        Tensor nonLeaf = leaf.mul(2.0);
        String m = message(IllegalArgumentException.class, () -> sgd.addParamGroup(List.of(nonLeaf)));
        assertTrue(m.contains("not a leaf"), m);
        String i = message(IllegalArgumentException.class,
                () -> sgd.addParamGroup(List.of(Tensor.of(new long[] {1}, 1))));
        assertTrue(i.contains("INT64") || i.contains("int64"), i);
    }

    @Test
    void groupsHaveTheirOwnLearningRateAndWeightDecay() {
        Tensor a = param(1.0);
        Tensor b = param(1.0);
        Tensor c = param(1.0);
        Sgd sgd = new Sgd(0.5, 0, 0, false, 0.25, null, null);
        sgd.addParamGroup(List.of(a));
        sgd.addParamGroup(List.of(b), ParamGroupOptions.none().withLr(0.125));
        sgd.addParamGroup(List.of(c), ParamGroupOptions.none().withWeightDecay(0.0));
        for (Tensor p : List.of(a, b, c)) {
            p.setGrad(Tensor.of(new float[] {2f}, 1));
        }
        sgd.step();
        assertEquals(1.0 - 0.5 * (2 + 0.25), a.get(0), 1e-7);
        assertEquals(1.0 - 0.125 * (2 + 0.25), b.get(0), 1e-7);
        assertEquals(1.0 - 0.5 * 2, c.get(0), 1e-7);
        assertEquals(0.125, sgd.paramGroups().get(1).lastLr());
        assertEquals(0.0, sgd.paramGroups().get(2).weightDecay());
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param(1.0, 2.0);
        Tensor b = param(3.0);
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0, false, null, null);
        adam.addParamGroup(List.of(a, b));
        a.setGrad(Tensor.of(new float[] {1f, -1f}, 2));
        adam.step();
        assertEquals(3.0, b.get(0));
        assertNull(adam.state(b), "no state for a parameter that never had a gradient");
        assertEquals(1, adam.state(a).step());
        b.setGrad(Tensor.of(new float[] {1f}, 1));
        adam.step();
        assertEquals(2, adam.state(a).step());
        assertEquals(1, adam.state(b).step(), "bias correction counts this parameter's own updates");
        // Adam's first update moves each coordinate by lr·sign(g) (up to eps).
        assertEquals(3.0 - 0.1, b.get(0), 1e-6);
        assertEquals(2, adam.stepCount());
    }

    @Test
    void updatesDoNotRecordAutogradHistory() {
        Tensor a = param(1.0);
        Sgd sgd = new Sgd(0.1, 0.9, 0, true, 0.1, null, null);
        sgd.addParamGroup(List.of(a));
        a.mul(3.0).sumAll().backward();
        sgd.step();
        assertTrue(a.isLeaf() && a.requiresGrad());
        assertNull(a.gradFn());
        sgd.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void gradientClippingOptionClipsBeforeTheStep() {
        Tensor a = param(0.0, 0.0);
        Tensor b = param(0.0);
        Sgd sgd = new Sgd(1.0, 0, 0, false, 0, null, new GlobalNormClipping(1.0, 2.0, false));
        sgd.addParamGroup(List.of(a));
        sgd.addParamGroup(List.of(b), ParamGroupOptions.none().withLr(2.0));
        a.setGrad(Tensor.of(new float[] {3f, 0f}, 2));
        b.setGrad(Tensor.of(new float[] {4f}, 1));
        sgd.step();
        assertEquals(5.0, sgd.lastGradientNorm(), 1e-6);
        double coef = 1.0 / (5.0 + 1e-6);
        assertEquals(-3 * coef, a.get(0), 1e-6);
        assertEquals(-2.0 * 4 * coef, b.get(0), 1e-6);

        Tensor c = param(0.0, 0.0);
        Sgd byValue = new Sgd(1.0, 0, 0, false, 0, null, new ValueClipping(0.5));
        byValue.addParamGroup(List.of(c));
        c.setGrad(Tensor.of(new float[] {3f, -0.25f}, 2));
        byValue.step();
        assertArrayEquals(new double[] {-0.5, 0.25}, c.toDoubleArray(), 1e-7);
        assertTrue(Double.isNaN(byValue.lastGradientNorm()));
    }

    @Test
    void gradientDtypeMustMatch() {
        Tensor a = param(1.0);
        Sgd sgd = new Sgd(0.1, 0, 0, false, 0, null, null);
        sgd.addParamGroup(List.of(a));
        a.setGrad(Tensor.of(new double[] {1.0}, DType.FLOAT64, 1));
        String m = message(IllegalStateException.class, sgd::step);
        assertTrue(m.contains("parameter #0 of group #0") && m.contains("float64"), m);
    }

    @Test
    void hyperParametersAreValidated() {
        assertTrue(message(IllegalArgumentException.class,
                () -> new Adam(1e-3, 1.0, 0.999, 1e-8, 0, false, null, null)).contains("beta1"));
        assertTrue(message(IllegalArgumentException.class,
                () -> new AdamW(-1, 0.9, 0.999, 1e-8, 0, false, null, null)).contains("lr"));
        assertTrue(message(IllegalArgumentException.class,
                () -> new AdamTF(1e-3, 0.9, 0.999, -1e-7, 0, false, null, null)).contains("eps"));
        assertTrue(message(IllegalArgumentException.class,
                () -> new Adam(1e-3, 0.9, 0.999, 1e-8, -0.1, false, null, null)).contains("weightDecay"));
        String n = message(IllegalArgumentException.class, () -> new Sgd(0.1, 0, 0, true, 0, null, null));
        assertTrue(n.contains("Nesterov") && n.contains("momentum 0.0"), n);
        assertTrue(message(IllegalArgumentException.class,
                () -> ParamGroupOptions.none().withWeightDecay(Double.NaN)).contains("weightDecay"));
    }
}
