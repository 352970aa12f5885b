package alf.environments.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Pendulum behaviour beyond the golden trajectories: torque clipping, angle normalisation, reset ranges. */
class PendulumTest {

    @Test
    void outOfBoundsTorqueIsClippedToTwoForDynamicsAndCost() {
        Pendulum clipped = new Pendulum();
        Pendulum atBound = new Pendulum();
        for (double[] pair : new double[][] {{5.0, 2.0}, {-7.5, -2.0}}) {
            clipped.setState(new double[] {0.4, -1.3});
            atBound.setState(new double[] {0.4, -1.3});
            clipped.step(new double[] {pair[0]});
            atBound.step(new double[] {pair[1]});
            assertArrayEquals(atBound.state(), clipped.state(), 0.0);
            assertEquals(atBound.reward(), clipped.reward(), 0.0);
        }
    }

    @Test
    void angleNormalizeUsesFlooredModulo() {
        // ((x + pi) mod 2pi) - pi with Python's modulo: -4 -> -4 + 2pi; Java's % alone would give -4.
        assertEquals(-4 + 2 * Math.PI, Pendulum.angleNormalize(-4.0), 1e-15);
        assertEquals(4 - 2 * Math.PI, Pendulum.angleNormalize(4.0), 1e-15);
        assertEquals(0.5, Pendulum.angleNormalize(0.5), 1e-15);
        assertEquals(-Math.PI, Pendulum.angleNormalize(-Math.PI), 0.0);
        assertEquals(0.0, FlooredModulo.mod(-0.0, 2.0), 0.0);
        assertEquals(1.5, FlooredModulo.mod(-0.5, 2.0), 0.0);
        assertEquals(-0.5, FlooredModulo.mod(1.5, -2.0), 0.0);
    }

    @Test
    void resetDrawsFromTheReferenceRangesAndTheSameSeedGivesTheSameState() {
        Pendulum a = new Pendulum();
        Pendulum b = new Pendulum();
        Rng ra = new Rng(42);
        Rng rb = new Rng(42);
        for (int i = 0; i < 200; i++) {
            a.reset(ra);
            b.reset(rb);
            assertArrayEquals(a.state(), b.state(), 0.0);
            double[] s = a.state();
            assertTrue(Math.abs(s[0]) <= Math.PI && Math.abs(s[1]) <= 1.0, "state " + s[0] + ", " + s[1]);
        }
    }

    @Test
    void rejectsBadGravityAndNanActions() {
        assertThrows(IllegalArgumentException.class, () -> new Pendulum(Double.NaN));
        Pendulum p = new Pendulum();
        p.setState(new double[] {0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.step(new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("NaN"), e.getMessage());
    }
}
