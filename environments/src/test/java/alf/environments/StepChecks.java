package alf.environments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;
import alf.testing.JvmAllocation;

/** Checks shared by the environment tests: the bytes a step allocates, and time steps compared value by value. */
public final class StepChecks {
    private StepChecks() {
    }

    /**
     * Bytes the calling thread allocates per {@code env.step(action)} over {@code steps} steps, after {@code warmup}
     * steps (HotSpot's per-thread allocation counter); skipped where {@link JvmAllocation#counterForAllocationFreePhysics}
     * says so.
     */
    public static long bytesPerStep(Environment env, Tensor action, int warmup, int steps) {
        com.sun.management.ThreadMXBean threads = JvmAllocation.counterForAllocationFreePhysics();
        for (int i = 0; i < warmup; i++) {
            env.step(action);
        }
        long before = JvmAllocation.allocatedBytes(threads);
        for (int i = 0; i < steps; i++) {
            env.step(action);
        }
        return (JvmAllocation.allocatedBytes(threads) - before) / steps;
    }

    /** Every field of {@code actual} holds the values of {@code expected}'s. */
    public static void assertSameValues(TimeStep expected, TimeStep actual, String where) {
        assertArrayEquals(expected.stepType().toIntArray(), actual.stepType().toIntArray(), where);
        assertArrayEquals(expected.reward().toFloatArray(), actual.reward().toFloatArray(), where);
        assertArrayEquals(expected.discount().toFloatArray(), actual.discount().toFloatArray(), where);
        assertArrayEquals(expected.observation().toFloatArray(), actual.observation().toFloatArray(), where);
        assertArrayEquals(expected.prevAction().toFloatArray(), actual.prevAction().toFloatArray(), where);
        assertArrayEquals(expected.envId().toIntArray(), actual.envId().toIntArray(), where);
    }
}
