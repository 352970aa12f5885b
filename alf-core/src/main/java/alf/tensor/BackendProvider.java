package alf.tensor;

/**
 * The service-provider interface through which {@link Backends} finds backends: each backend module lists its
 * provider in {@code META-INF/services/alf.tensor.BackendProvider}, and {@link java.util.ServiceLoader} loads every
 * provider on the class path. The provider is cheap to load; the backend itself (which may load native libraries)
 * is created only when {@link #backend()} is first called.
 *
 * <p>A backend named {@code X} ships in the Maven module {@code ai.alf:alf-backend-X} (the pure-Java {@code cpu}
 * backend ships in {@code alf-core}); {@link Backends} uses that convention to name the module to add when a
 * backend or device is asked for but absent.
 */
public interface BackendProvider {

    /** The backend's short name, as {@link Backend#name()} returns it and {@code -Dalf.backend} selects it. */
    String name();

    /** The kind of device the backend's storages live on. */
    Device.Type deviceType();

    /** The backend (the same instance on every call). */
    Backend backend();

    /**
     * The backend of one device of this provider's kind, e.g. {@code cuda:1}; the default serves only the device
     * of {@link #backend()}.
     */
    default Backend backend(Device device) {
        Backend b = backend();
        if (!b.device().equals(device)) {
            throw new IllegalArgumentException("backend " + name() + " serves " + b.device() + ", not " + device);
        }
        return b;
    }

    /**
     * Empty when the backend can run on this machine, else why not in one sentence (e.g. a GPU backend on a
     * machine without a driver). Asked before {@link #backend()}, which may then fail.
     */
    default java.util.Optional<String> unavailableReason() {
        return java.util.Optional.empty();
    }
}
