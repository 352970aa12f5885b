package alf.tensor.cpu;

import org.slf4j.LoggerFactory;

/**
 * Whether this JVM can run the Vector API kernels ({@link VectorKernels}, {@link GemmFloat}, {@link GemmDouble}):
 * {@code jdk.incubator.vector} is an incubator module that a JVM resolves only when started with
 * {@code --add-modules jdk.incubator.vector}. Without it the CPU backend runs its scalar loops and {@link ScalarGemm}
 * instead (same results) and warns once, naming the flag. No class that names a Vector API type is loaded unless
 * {@link #AVAILABLE} is true.
 */
final class VectorSupport {
    /** The JVM flag that makes the Vector API available. */
    static final String FLAG = "--add-modules jdk.incubator.vector";

    /** True when the boot layer holds {@code jdk.incubator.vector}. */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    static {
        if (!AVAILABLE) {
            LoggerFactory.getLogger(CpuBackend.class).warn("the Vector API is not available (start the JVM with {}):"
                    + " the cpu backend runs its scalar kernels, with the same results but slower", FLAG);
        }
    }

    private VectorSupport() {
    }
}
