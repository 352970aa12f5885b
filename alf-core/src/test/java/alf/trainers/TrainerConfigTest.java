package alf.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    private static TrainerConfig withPriorities(long numEnvSteps, double alpha, double beta, double epsilon) {
        return new TrainerConfig(numEnvSteps, 100, 32, 1000, 1, 100, 1, 0, 1, 0, true, alpha, beta, epsilon, true, 0, "cpu");
    }

    @Test
    void betaIsAnnealedLinearlyToOneOverTheRun() {
        TrainerConfig config = withPriorities(1000, 0.6, 0.4, 1e-6);
        assertEquals(0.4, config.priorityBetaAt(0), 1e-15);
        assertEquals(0.55, config.priorityBetaAt(250), 1e-15); // 0.4 + 0.6 · 0.25
        assertEquals(0.7, config.priorityBetaAt(500), 1e-15);
        assertEquals(1.0, config.priorityBetaAt(1000), 1e-15);
        assertEquals(1.0, config.priorityBetaAt(5000), 1e-15, "stays at 1 past the end");
    }

    @Test
    void badPriorityOptionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withPriorities(1000, -1, 0.4, 1e-6));
        assertTrue(e.getMessage().contains("priorityAlpha"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> withPriorities(1000, 0.6, 1.2, 1e-6));
        assertTrue(e.getMessage().contains("priorityBeta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> withPriorities(1000, 0.6, 0.4, 0));
        assertTrue(e.getMessage().contains("priorityEpsilon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withPriorities(1000, 0.6, 0.4, 1e-6).priorityBetaAt(-1));
    }
}
