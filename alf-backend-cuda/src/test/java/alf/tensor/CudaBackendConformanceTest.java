package alf.tensor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import alf.tensor.cuda.CudaProbe;
import org.junit.jupiter.api.BeforeAll;

/** The backend-conformance suite of alf-core's test-jar, run on the cuda backend; skipped, saying why, without a GPU. */
class CudaBackendConformanceTest extends BackendConformanceTest {
    @BeforeAll
    static void requireGpu() {
        assumeTrue(CudaProbe.unavailableReason().isEmpty(), () -> "no usable GPU: "
                + CudaProbe.unavailableReason().orElse(""));
    }

    @Override
    protected String backendName() {
        return "cuda";
    }
}
