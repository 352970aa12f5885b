package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import alf.data.TimeStep;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.lang.management.ManagementFactory;
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
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        try (Environment env = wrapped()) {
            env.seed(0);
            env.reset();
            for (int i = 0; i < 3000; i++) {
                env.step(ACTIONS);
            }
            int steps = 2000;
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < steps; i++) {
                env.step(ACTIONS); // 200-step episodes: the auto-resets are in here too
            }
            long perStep = (threads.getThreadAllocatedBytes(thread) - before) / steps;
            // before the kept buffers the three wrappers allocated new arrays, tensors and time steps every step
            assertTrue(perStep < 16, "bytes allocated per wrapped environment step: " + perStep);
        }
    }

    private static void assertSameValues(TimeStep expected, TimeStep actual, String where) {
        assertArrayEquals(expected.stepType().toIntArray(), actual.stepType().toIntArray(), where);
        assertArrayEquals(expected.reward().toFloatArray(), actual.reward().toFloatArray(), where);
        assertArrayEquals(expected.discount().toFloatArray(), actual.discount().toFloatArray(), where);
        assertArrayEquals(expected.observation().toFloatArray(), actual.observation().toFloatArray(), where);
        assertArrayEquals(expected.prevAction().toFloatArray(), actual.prevAction().toFloatArray(), where);
    }
}
