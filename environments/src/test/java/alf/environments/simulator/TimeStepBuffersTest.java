package alf.environments.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.environments.StepChecks;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.environments.parallel.ParallelEnvironment;
import alf.environments.tasks.Tasks;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batched simulator environments write their time steps into two sets of tensors used in turn: the previous time
 * step stays valid across one more call (the {@link Environment} validity rule), a copy stays valid for good, and a
 * step of the environment allocates nothing in the steady state.
 */
class TimeStepBuffersTest {

    private static final Tensor TORQUES = Tensor.of(new float[] {0.5f, -1.25f}, 2, 1);

    @Test
    void thePreviousTimeStepStaysValidForOneMoreCallAndCopiesForGood() {
        for (Environment env : List.of(ClassicControl.environment(Pendulum.ID, 2, 1),
                new ParallelEnvironment(i -> Tasks.create(Pendulum.ID), 2, 2))) {
            try (env) {
                env.seed(3);
                TimeStep first = env.reset();
                TimeStep firstCopy = first.copy();
                TimeStep second = env.step(TORQUES);
                TimeStep secondCopy = second.copy();
                assertNotSame(first.observation(), second.observation());
                assertSameValues(firstCopy, first);
                TimeStep third = env.step(TORQUES);
                assertSameValues(secondCopy, second);
                assertSame(first, third, "the third call reuses the first one's tensors");
                assertArrayEquals(new float[] {0.5f, -1.25f}, third.prevAction().toFloatArray());
                assertFalse(Arrays.equals(firstCopy.observation().toFloatArray(), third.observation().toFloatArray()),
                        "the pendulum moved");
            }
        }
    }

    @Test
    void steppingAllocatesNothingInTheSteadyState() {
        try (Environment env = ClassicControl.environment(Pendulum.ID, 2, 1)) {
            env.seed(0);
            env.reset();
            // 200-step episodes: the auto-resets are in the 2,000 measured steps too
            long perStep = StepChecks.bytesPerStep(env, TORQUES, 3000, 2000);
            // before the reused buffers a step allocated about 1.3 KB (six new tensors); under 16 bytes is less than
            // one object per step (allowing for a rare allocation of the JVM's own on this thread)
            assertTrue(perStep < 16, "bytes allocated per environment step: " + perStep);
        }
    }

    private static void assertSameValues(TimeStep expected, TimeStep actual) {
        StepChecks.assertSameValues(expected, actual, "");
    }
}
