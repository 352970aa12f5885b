package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#scaleAddi} (Polyak averaging) gives the bits of {@code muli(scale).addi(other.mul(otherScale))}, bumps
 * the version, and falls back to that composition, with its autograd and its errors, where it cannot be one kernel.
 */
class ScaleAddTest {

    @Test
    void matchesTheCompositionBitForBitAndBumpsTheVersion() {
        Rng rng = new Rng(3);
        Tensor online = Tensor.randn(rng, 67, 5);
        Tensor target = Tensor.randn(rng, 67, 5);
        Tensor expected = target.copy().muli(0.995).addi(online.mul(0.005));
        int version = target.storage().version();
        assertSame(target, target.scaleAddi(0.995, online, 0.005));
        assertArrayEquals(expected.toFloatArray(), target.toFloatArray(), 0f);
        assertTrue(target.storage().version() > version, "in-place update bumps the version");
    }

    @Test
    void underAutogradItIsTheDifferentiableComposition() {
        Tensor y = Tensor.of(new float[] {1f, 2f, 3f}, 3).setRequiresGrad(true);
        Tensor x = Tensor.of(new float[] {4f, 5f, 6f}, 3).setRequiresGrad(true);
        Tensor z = y.mul(1.0);
        z.scaleAddi(0.5, x, 2.0).sumAll().backward();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, y.grad().toFloatArray(), 0f);
        assertArrayEquals(new float[] {2f, 2f, 2f}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void broadcastingAndSharedStorageTakeTheCompositionAndItsErrors() {
        Tensor y = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2);
        y.scaleAddi(2.0, Tensor.of(new float[] {10f, 20f}, 2), 1.0);
        assertArrayEquals(new float[] {12f, 24f, 16f, 28f}, y.toFloatArray(), 0f);
        Tensor w = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 4);
        w.scaleAddi(1.0, w, 1.0);
        assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, w.toFloatArray(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3).scaleAddi(1.0, Tensor.zeros(4), 1.0));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
        assertEquals(DType.FLOAT32, y.dtype());
    }
}
