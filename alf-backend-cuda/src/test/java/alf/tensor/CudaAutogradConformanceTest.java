package alf.tensor;

import alf.tensor.cuda.GpuAssumption;
import org.junit.jupiter.api.BeforeAll;

/** The autograd conformance graphs replayed on the cuda backend; skipped, saying why, without a GPU. */
class CudaAutogradConformanceTest extends AutogradConformanceTest {
    @BeforeAll
    static void requireGpu() {
        GpuAssumption.requireGpu();
    }

    @Override
    protected String backendName() {
        return "cuda";
    }
}
