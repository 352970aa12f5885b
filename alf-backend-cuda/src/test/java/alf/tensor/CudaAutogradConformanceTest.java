package alf.tensor;

import alf.tensor.cuda.GpuAssumption;
import org.junit.jupiter.api.extension.ExtendWith;

/** The autograd conformance graphs replayed on the cuda backend; skipped, saying why, without a GPU. */
@ExtendWith(GpuAssumption.class)
class CudaAutogradConformanceTest extends AutogradConformanceTest {
    @Override
    protected String backendName() {
        return "cuda";
    }
}
