package alf.tensor.cpu;

import alf.tensor.Backend;
import alf.tensor.BackendProvider;
import alf.tensor.Device;

/** Makes the pure-Java {@code cpu} backend ({@link CpuBackend}) findable through {@link BackendProvider}. */
public final class CpuBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Device.Type deviceType() {
        return Device.Type.CPU;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }
}
