package alf.tensor;

/** The autograd conformance graphs replayed on the ND4J backend, within the same tolerance as on the CPU one. */
class Nd4jAutogradConformanceTest extends AutogradConformanceTest {
    @Override
    protected String backendName() {
        return "nd4j";
    }
}
