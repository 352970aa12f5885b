package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.environments.StepChecks;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.rl.Environment;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The wrappers that change a time step (reward scaling, observation normalisation, action rescaling) write into kept
 * tensors in turn: a wrapped step allocates nothing in the steady state, the time step of the call before keeps its
 * values across one more call (the {@link Environment} validity rule), and the values are those of the same wrappers
 * applied to copies.
 */
class WrapperBuffersTest {

    private static final Tensor ACTIONS = Tensor.of(new float[] {0.25f, -0.625f}, 2, 1);

    private static Environment wrapped() {
        Environment env = ClassicControl.environment(Pendulum.ID, 2, 1);
        return new RewardScaling(new ObservationNormalization(new ActionRescaling(env)), 0.1);
    }

    @Test
    void theTimeStepBeforeStaysValidForOneMoreCall() {
        try (Environment env = wrapped()) {
            env.seed(5);
            TimeStep previous = env.reset().copy();
            TimeStep previousView = null;
            for (int i = 0; i < 450; i++) { // two episode ends of 200 steps, with their auto-resets
                TimeStep current = env.step(ACTIONS);
                if (previousView != null) {
                    assertSameValues(previous, previousView, "step " + i);
                }
                previous = current.copy();
                previousView = current;
            }
        }
    }

    @Test
    void aWrappedStepGivesTheValuesOfFreshTensors() {
        // The same wrappers over a fresh environment, each time step copied right away, against the wrapped stack
        // whose time steps are read only after the next call: the buffers in turn keep every value.
        try (Environment a = wrapped(); Environment b = wrapped()) {
            a.seed(9);
            b.seed(9);
            TimeStep late = a.reset();
            TimeStep early = b.reset().copy();
            for (int i = 0; i < 300; i++) {
                TimeStep nextLate = a.step(ACTIONS);
                assertSameValues(early, late, "step " + i);
                early = b.step(ACTIONS).copy();
                late = nextLate;
            }
        }
    }

    @Test
    void aWrappedStepAllocatesNothingInTheSteadyState() {
        try (Environment env = wrapped()) {
            env.seed(0);
            env.reset();
            // 200-step episodes: the auto-resets are in the 2,000 measured steps too
            long perStep = StepChecks.bytesPerStep(env, ACTIONS, 3000, 2000);
            // before the kept buffers the three wrappers allocated new arrays, tensors and time steps every step
            assertTrue(perStep < 16, "bytes allocated per wrapped environment step: " + perStep);
        }
    }

    private static void assertSameValues(TimeStep expected, TimeStep actual, String where) {
        StepChecks.assertSameValues(expected, actual, where);
    }
}
