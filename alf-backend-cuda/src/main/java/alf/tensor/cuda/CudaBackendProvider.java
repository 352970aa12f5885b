package alf.tensor.cuda;

import alf.tensor.Backend;
import alf.tensor.BackendProvider;
import alf.tensor.Device;
import java.util.Optional;

/**
 * Makes the {@code cuda} backend ({@link CudaBackend}) findable through {@link BackendProvider}. Loading the
 * provider touches no native code; the driver is probed ({@link CudaProbe}) when CUDA is first asked about.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Device.Type deviceType() {
        return Device.Type.CUDA;
    }

    @Override
    public Backend backend() {
        return CudaBackend.forOrdinal(0);
    }

    @Override
    public Backend backend(Device device) {
        return CudaBackend.forOrdinal(device.index());
    }

    @Override
    public Optional<String> unavailableReason() {
        return CudaProbe.unavailableReason();
    }
}
