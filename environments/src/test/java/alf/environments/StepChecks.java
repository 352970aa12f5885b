package alf.environments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.lang.management.ManagementFactory;

/** Checks shared by the environment tests: the bytes a step allocates, and time steps compared value by value. */
public final class StepChecks {
    private StepChecks() {
    }

    /**
     * Bytes the calling thread allocates per {@code env.step(action)} over {@code steps} steps, after {@code warmup}
     * steps (HotSpot's per-thread allocation counter); the test is skipped on a JVM that does not count them.
     */
    public static long bytesPerStep(Environment env, Tensor action, int warmup, int steps) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        assumeTrue(strictSinAllocatesNothing(threads, thread), "this JDK's StrictMath.sin/cos allocate in their argument "
                + "reduction (the Java port of fdlibm since JDK 21 allocates a double[2] for |x| > pi/4), and the "
                + "classic-control physics calls them every step; allocation-free steps are checked on JDK 17");
        for (int i = 0; i < warmup; i++) {
            env.step(action);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < steps; i++) {
            env.step(action);
        }
        return (threads.getThreadAllocatedBytes(thread) - before) / steps;
    }

    /** Whether {@code StrictMath.sin} of a large argument allocates nothing on this JVM, once compiled. */
    private static boolean strictSinAllocatesNothing(com.sun.management.ThreadMXBean threads, long thread) {
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += StrictMath.sin(2.0 + i * 1e-6);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000; i++) {
            sink += StrictMath.sin(2.0 + i * 1e-6);
        }
        long bytes = threads.getThreadAllocatedBytes(thread) - before;
        return bytes < 1_000 || Double.isNaN(sink);
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
