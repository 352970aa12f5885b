package alf.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * Allocation checks for tests: the bytes the calling thread allocates (HotSpot's per-thread counter), and whether the
 * JVM's own {@code StrictMath.sin}/{@code cos} allocate, which decides whether a classic-control step can be
 * allocation-free on it.
 */
public final class JvmAllocation {
    private JvmAllocation() {
    }

    /**
     * The per-thread allocation counter; the test is skipped on a JVM that does not count, or whose
     * {@code StrictMath.sin}/{@code cos} allocate (the Java port of fdlibm since JDK 21 allocates a {@code double[2]} in
     * its argument reduction for |x| &gt; π/4, and the classic-control physics calls them every step; on JDK 17 they are
     * native and allocate nothing).
     */
    public static com.sun.management.ThreadMXBean counterForAllocationFreePhysics() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(strictTrigAllocatesNothing(threads), "this JDK's StrictMath.sin/cos allocate in their argument "
                + "reduction (the Java fdlibm port of JDK 21+), and the classic-control physics calls them every step; "
                + "allocation-free steps are checked on JDK 17");
        return threads;
    }

    /** Bytes allocated so far by the calling thread. */
    public static long allocatedBytes(com.sun.management.ThreadMXBean threads) {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static boolean strictTrigAllocatesNothing(com.sun.management.ThreadMXBean threads) {
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += StrictMath.sin(2.0 + i * 1e-6) + StrictMath.cos(2.0 + i * 1e-6);
        }
        long before = allocatedBytes(threads);
        for (int i = 0; i < 1_000; i++) {
            sink += StrictMath.sin(2.0 + i * 1e-6) + StrictMath.cos(2.0 + i * 1e-6);
        }
        return allocatedBytes(threads) - before < 1_000 || Double.isNaN(sink);
    }
}
