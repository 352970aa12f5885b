package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.rl.Environment;
import alf.environments.classic.CartPole;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActionRescalingTest {

    private static Environment pendulums() {
        Environment env = ClassicControl.environment(Pendulum.ID, 2, 1);
        env.seed(4);
        return env;
    }

    @Test
    void mapsMinusOneOneOntoTheInnerBoundsAndReportsTheAgentsAction() {
        try (Environment plain = pendulums(); ActionRescaling scaled = new ActionRescaling(pendulums())) {
            assertEquals(-1.0, scaled.actionSpec().minimum(0));
            assertEquals(1.0, scaled.actionSpec().maximum(0));
            plain.reset();
            scaled.reset();
            // low + (high - low) * (v + 1) / 2 with [low, high] = [-2, 2]: 0.5 -> 1.0, -1 -> -2
            TimeStep expected = plain.step(Tensor.of(new float[] {1.0f, -2.0f}, 2, 1));
            TimeStep actual = scaled.step(Tensor.of(new float[] {0.5f, -1.0f}, 2, 1));
            assertArrayEquals(expected.observation().toFloatArray(), actual.observation().toFloatArray());
            assertArrayEquals(expected.reward().toFloatArray(), actual.reward().toFloatArray());
            assertArrayEquals(new float[] {0.5f, -1.0f}, actual.prevAction().toFloatArray());
        }
    }

    @Test
    void rejectsActionsOutsideMinusOneOneAndDiscreteSpaces() {
        try (ActionRescaling scaled = new ActionRescaling(pendulums())) {
            scaled.reset();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> scaled.step(Tensor.of(new float[] {0.0f, 1.5f}, 2, 1)));
            assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("sub-environment 1")
                    && e.getMessage().contains("1.5"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> scaled.step(Tensor.of(new float[] {Float.NaN, 0.0f}, 2, 1)));
            assertThrows(IllegalArgumentException.class, () -> scaled.step(Tensor.of(new float[] {0.0f, 0.0f}, 2)));
        }
        Environment cartPole = ClassicControl.environment(CartPole.ID, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ActionRescaling(cartPole));
        assertTrue(e.getMessage().contains("CartPole-v1"), e.getMessage());
    }
}
