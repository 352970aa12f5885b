package alf.tensor;

/** The backend-conformance suite of alf-core's test-jar, run on the ND4J backend. */
class Nd4jBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendName() {
        return "nd4j";
    }
}
