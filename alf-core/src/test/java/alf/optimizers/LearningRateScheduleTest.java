package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules' formulas, and that an optimizer reads lr(0) on its first step, lr(1) on its second, ... */
class LearningRateScheduleTest {

    @Test
    void formulas() {
        assertEquals(0.3, new ConstantSchedule(0.3).lr(12345));
        LinearSchedule linear = new LinearSchedule(1.0, 0.2, 4);
        assertEquals(1.0, linear.lr(0));
        assertEquals(0.8, linear.lr(1), 1e-15);
        assertEquals(0.4, linear.lr(3), 1e-15);
        assertEquals(0.2, linear.lr(4));
        assertEquals(0.2, linear.lr(100));
        ExponentialSchedule exp = new ExponentialSchedule(2.0, 0.5, 2);
        assertEquals(2.0, exp.lr(0));
        assertEquals(2.0 * Math.sqrt(0.5), exp.lr(1), 1e-15);
        assertEquals(0.5, exp.lr(4), 1e-15);
        assertEquals(2.0 * Math.pow(0.9, 7), new ExponentialSchedule(2.0, 0.9, 1).lr(7), 1e-15);
        StepSchedule step = new StepSchedule(1.0, 3, 0.1);
        assertEquals(1.0, step.lr(2));
        assertEquals(0.1, step.lr(3), 1e-15);
        assertEquals(0.1, step.lr(5), 1e-15);
        assertEquals(0.01, step.lr(6), 1e-15);
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1, 0, 0)).getMessage()
                .contains("steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(1, 0, 1)).getMessage()
                .contains("decayRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StepSchedule(1, 0, 0.5)).getMessage()
                .contains("stepSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(-1)).getMessage()
                .contains("lr"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StepSchedule(1, 2, 0.5).lr(-1))
                .getMessage().contains("step"));
    }

    @Test
    void optimizerStepKeysTheScheduleFromZero() {
        Tensor p = Tensor.of(new double[] {0.0}, DType.FLOAT64, 1).setRequiresGrad(true);
        Sgd sgd = new Sgd(123.0, 0, 0, false, 0, new StepSchedule(1.0, 2, 0.5), null);
        sgd.addParamGroup(List.of(p));
        double[] expectedLr = {1.0, 1.0, 0.5, 0.5, 0.25};
        double position = 0;
        for (double lr : expectedLr) {
            p.setGrad(Tensor.of(new double[] {1.0}, DType.FLOAT64, 1));
            sgd.step();
            position -= lr;
            assertEquals(lr, sgd.paramGroups().get(0).lastLr());
            assertEquals(position, p.get(0), 1e-15);
        }
        assertEquals(5, sgd.stepCount());
    }

    @Test
    void aScheduleReturningAnInvalidRateStopsTheStep() {
        Tensor p = Tensor.of(new double[] {0.0}, DType.FLOAT64, 1).setRequiresGrad(true);
        LearningRateSchedule broken = step -> step < 1 ? 0.1 : Double.NaN;
        Sgd sgd = new Sgd(0.1, 0, 0, false, 0, broken, null);
        sgd.addParamGroup(List.of(p));
        p.setGrad(Tensor.of(new double[] {1.0}, DType.FLOAT64, 1));
        sgd.step();
        String m = assertThrows(IllegalStateException.class, sgd::step).getMessage();
        assertTrue(m.contains("group #0") && m.contains("NaN") && m.contains("step 1"), m);
        assertEquals(-0.1, p.get(0), 1e-15, "the refused step changed nothing");
    }
}
