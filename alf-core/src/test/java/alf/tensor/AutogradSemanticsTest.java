package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradSemanticsTest {

    @Test
    void nestedGradModeScopesRestoreTheModeOfTheirBlock() {
        assertTrue(GradMode.isEnabled());
        try (var outer = GradMode.noGrad()) {
            try (var same = GradMode.noGrad()) {
                assertFalse(GradMode.isEnabled());
                try (var on = GradMode.enableGrad()) {
                    assertTrue(GradMode.isEnabled());
                    try (var again = GradMode.enableGrad()) {
                        assertTrue(GradMode.isEnabled());
                    }
                    assertTrue(GradMode.isEnabled());
                }
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "closing a nested no-grad scope keeps the outer block's mode");
            outer.close();
            assertTrue(GradMode.isEnabled());
            try (var later = GradMode.noGrad()) {
                outer.close(); // a second close restores nothing
                assertFalse(GradMode.isEnabled());
            }
        }
        assertTrue(GradMode.isEnabled());
    }

    private static Tensor leaf(double... v) {
        return Tensor.of(v).setRequiresGrad(true);
    }

    @Test
    void gradOnlyOnLeavesAndAccumulatesUntilZeroGrad() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        y.sumAll().backward();
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
        assertNull(y.grad(), "non-leaf keeps no grad unless retainGrad");
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
        x.mul(3.0).sumAll().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray(), "accumulates");
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2.0).retainGrad();
        y.square().sumAll().backward();
        assertArrayEquals(new double[] {4, 8}, y.grad().toDoubleArray());
        assertArrayEquals(new double[] {8, 16}, x.grad().toDoubleArray());
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            y = x.mul(2.0);
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, () -> y.sumAll().backward());
    }

    @Test
    void backwardWithExplicitGradientAndNonScalarError() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        Tensor x2 = leaf(1, 2, 3);
        x2.mul(x2).backward(Tensor.of(new double[] {1, 0, 2}));
        assertArrayEquals(new double[] {2, 0, 12}, x2.grad().toDoubleArray());
    }

    @Test
    void gradFunctionLeavesDotGradUntouched() {
        Tensor x = leaf(1, 2);
        Tensor w = leaf(3, 4);
        Tensor y = x.mul(w).sumAll();
        Tensor[] g = Autograd.grad(y, x, w);
        assertArrayEquals(new double[] {3, 4}, g[0].toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, g[1].toDoubleArray());
        assertNull(x.grad());
        assertNull(w.grad());
    }

    @Test
    void secondBackwardThroughFreedGraphFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().sumAll();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        Tensor z = x.exp().sumAll();
        z.backward(Tensor.scalar(1.0, DType.FLOAT64), true, false);
        z.backward(Tensor.scalar(1.0, DType.FLOAT64), false, false);
    }

    @Test
    void inPlaceModificationOfSavedTensorFailsAtBackwardNamingTheOp() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp();
        Tensor z = y.mul(y).sumAll();
        y.addi(Tensor.of(new double[] {1, 1}));
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void inPlaceOnLeafRequiringGradIsRefusedOutsideNoGrad() {
        Tensor x = leaf(1, 2);
        assertThrows(IllegalStateException.class, () -> x.addi(1.0));
        try (var scope = GradMode.noGrad()) {
            x.addi(1.0);
        }
        assertArrayEquals(new double[] {2, 3}, x.toDoubleArray());
        Tensor v = x.narrow(0, 0, 1);
        assertThrows(IllegalStateException.class, () -> v.relu_());
    }

    @Test
    void inPlaceOpsOnNonLeavesAreDifferentiable() {
        Tensor x = leaf(-1, 2);
        Tensor y = x.mul(3.0);
        y.relu_();
        y.sumAll().backward();
        assertArrayEquals(new double[] {0, 3}, x.grad().toDoubleArray());
        Tensor a = leaf(0.5, -2);
        Tensor b = a.mul(1.0);
        b.softsign_();
        b.sumAll().backward();
        assertArrayEquals(new double[] {1 / 2.25, 1 / 9.0}, a.grad().toDoubleArray(), 1e-15);
        Tensor p = leaf(1, 2);
        Tensor q = leaf(3, 4);
        Tensor r = p.mul(1.0);
        r.muli(q);
        r.addi(q);
        r.sumAll().backward();
        assertArrayEquals(new double[] {3, 4}, p.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 3}, q.grad().toDoubleArray());
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        d.addi(1.0);
        assertArrayEquals(new double[] {2, 3}, x.toDoubleArray());
    }

    @Test
    void onlyFloatingLeavesRequireGrad() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[] {1}).setRequiresGrad(true));
        Tensor y = leaf(1).mul(2.0);
        assertThrows(IllegalStateException.class, () -> y.setRequiresGrad(false));
    }

    @Test
    void gradientsSumOverBroadcastAndCastBackToInputDtype() {
        Tensor b = Tensor.of(new float[] {1, 2}).setRequiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        b.add(x).sumAll().backward();
        assertTrue(b.grad().dtype() == DType.FLOAT32);
        assertArrayEquals(new float[] {3, 3}, b.grad().toFloatArray());
    }

    @Test
    void gradOnlyRunsAndFreesThePartLeadingToTheRequestedInputs() {
        Tensor x = leaf(0.5, 1.0);
        Tensor w = leaf(3, 4);
        Tensor a = x.exp();
        Tensor b = a.mul(w).sumAll();
        Tensor[] g = Autograd.grad(new Tensor[] {b}, new Tensor[] {a}, null, false, false, false);
        assertArrayEquals(new double[] {3, 4}, g[0].toDoubleArray());
        // the exp node below `a` was neither needed nor run, so it was not freed: a later backward still works
        a.sumAll().backward();
        assertArrayEquals(new double[] {Math.exp(0.5), Math.exp(1.0)}, x.grad().toDoubleArray(), 1e-15);
        assertNull(w.grad());
    }

    @Test
    void needsInputGradIsTrueOutsideBackward() {
        assertTrue(Autograd.needsInputGrad(0));
    }

    @Test
    void inPlaceWriteToTheBaseOfARecordedViewFailsInsteadOfGivingAWrongGradient() {
        Tensor w = leaf(-1, 2);
        Tensor x = w.mul(1.0);
        Tensor v = x.narrow(0, 0, 2);
        x.relu_();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.sumAll().backward());
        assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("in-place"), e.getMessage());
    }
}
