package alf.tensor;

import alf.tensor.cuda.GpuAssumption;
import org.junit.jupiter.api.BeforeAll;

/** The backend-conformance suite of alf-core's test-jar, run on the cuda backend; skipped, saying why, without a GPU. */
class CudaBackendConformanceTest extends BackendConformanceTest {
    @BeforeAll
    static void requireGpu() {
        GpuAssumption.requireGpu();
    }

    @Override
    protected String backendName() {
        return "cuda";
    }
}
