package alf.tensor;

import alf.tensor.cuda.GpuAssumption;
import org.junit.jupiter.api.extension.ExtendWith;

/** The backend-conformance suite of alf-core's test-jar, run on the cuda backend; skipped, saying why, without a GPU. */
@ExtendWith(GpuAssumption.class)
class CudaBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendName() {
        return "cuda";
    }
}
