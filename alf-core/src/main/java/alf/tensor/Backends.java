package alf.tensor;

import alf.tensor.cpu.CpuBackend;

/**
 * The one place that chooses backends: the CPU backend serves {@link Device#CPU}. (The benchmarks in the
 * {@code benchmarks} module are what decides the default; see the README's performance table.)
 */
public final class Backends {
    private Backends() {
    }

    /** The backend for a device; a clear error if none is available. */
    public static Backend forDevice(Device device) {
        if (device.type() == Device.Type.CPU) {
            return CpuBackend.INSTANCE;
        }
        throw new UnsupportedOperationException("no backend is available for device " + device
                + " in this build (CUDA support is not loaded)");
    }
}
