package alf.tensor.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The assumption every GPU-only test starts with: it skips, printing the driver's reason, where CUDA is unusable. */
public final class GpuAssumption {
    private GpuAssumption() {
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) unless a GPU is usable here. */
    public static void requireGpu() {
        assumeTrue(CudaProbe.unavailableReason().isEmpty(), () -> "no usable GPU: "
                + CudaProbe.unavailableReason().orElse(""));
    }
}
