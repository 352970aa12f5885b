package alf.tensor.nd4j;

import alf.tensor.Backend;
import alf.tensor.BackendProvider;
import alf.tensor.Device;

/**
 * Makes the {@code nd4j} backend ({@link Nd4jBackend}) findable through {@link BackendProvider}; ND4J's native
 * libraries load only when the backend is first asked for.
 */
public final class Nd4jBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public Device.Type deviceType() {
        return Device.Type.CPU;
    }

    @Override
    public Backend backend() {
        return Nd4jBackend.INSTANCE;
    }
}
