package alf.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The one place that chooses backends. Backends are found, not named: every {@link BackendProvider} on the class
 * path is loaded with {@link ServiceLoader}. {@code alf-core} brings {@code cpu} (pure Java); other modules add more
 * ({@code ai.alf:alf-backend-nd4j} adds {@code nd4j}, ND4J's native kernels).
 *
 * <p>Several backends can serve {@link Device#CPU}. The <em>default</em> one allocates every new tensor of the
 * device (factories, op results). It is chosen once from the system property {@value #PROPERTY} ({@code cpu} when
 * unset) and can be changed at run time with {@link #setDefault(Backend)} (tests, benchmarks, users comparing
 * backends). The default is {@code cpu} because the {@code TensorOpsBenchmark} in the {@code benchmarks} module
 * measures it far faster on the workloads this framework runs: a tiny op costs about 0.3 µs there against about
 * 100 µs through ND4J (buffer allocation, view creation and native dispatch per op), and an MLP 3→256→256→1 forward
 * + backward at batch 256 is faster too; ND4J wins only a large GEMM alone.
 *
 * <p>Tensors made under another default keep their storage; when they meet an op whose output lives on a different
 * backend of the same device, the kernel converts them with {@link #adopt(Backend, Tensor)} (a copy through the
 * host).
 */
public final class Backends {
    /** System property naming the default CPU backend, e.g. {@code cpu} or {@code nd4j}. */
    public static final String PROPERTY = "alf.backend";

    /** The name of the pure-Java backend that {@code alf-core} always provides; it holds host-array storages. */
    private static final String HOST = "cpu";

    private static final Map<String, BackendProvider> PROVIDERS = loadProviders();

    private static final Backend HOST_BACKEND = PROVIDERS.get(HOST).backend();

    /** The default CPU backend; null until first asked for, so a bad {@value #PROPERTY} fails with its own message. */
    private static volatile Backend cpuDefault;

    private Backends() {
    }

    private static Map<String, BackendProvider> loadProviders() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        // the host backend first, then by name: the order backend-parameterised tests and benchmarks use
        found.sort((a, b) -> a.name().equals(HOST) ? (b.name().equals(HOST) ? 0 : -1)
                : b.name().equals(HOST) ? 1 : a.name().compareTo(b.name()));
        Map<String, BackendProvider> byName = new LinkedHashMap<>();
        for (BackendProvider p : found) {
            BackendProvider clash = byName.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
            if (clash != null) {
                throw new IllegalStateException("two backend providers are named '" + p.name() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        if (!byName.containsKey(HOST)) {
            throw new IllegalStateException("the " + HOST + " backend provider is missing: META-INF/services/"
                    + BackendProvider.class.getName() + " of alf-core is not on the class path");
        }
        return Collections.unmodifiableMap(byName);
    }

    /** The Maven module that provides the backend (or device kind) {@code name}, by the naming convention. */
    private static String moduleOf(String name) {
        return name.equals(HOST) ? "ai.alf:alf-core" : "ai.alf:alf-backend-" + name;
    }

    /** Names of the backends on the class path: {@code cpu} first, then alphabetically. */
    public static List<String> names() {
        return List.copyOf(PROVIDERS.keySet());
    }

    /** The backend with this name; a clear error, naming the Maven module to add, for one that is absent. */
    public static Backend byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        BackendProvider p = PROVIDERS.get(key);
        if (p == null) {
            throw new IllegalArgumentException("backend '" + name + "' (property " + PROPERTY + ") is not on the "
                    + "class path: add the Maven module " + moduleOf(key) + " (backends found: " + names() + ")");
        }
        return p.backend();
    }

    /** The pure-Java backend whose storages are host arrays (always present: it ships in {@code alf-core}). */
    public static Backend host() {
        return HOST_BACKEND;
    }

    /** The backend that allocates new tensors on {@code device}; a clear error if none is available. */
    public static Backend forDevice(Device device) {
        if (device.type() == Device.Type.CPU) {
            return cpuDefault();
        }
        String kind = device.type().name().toLowerCase(Locale.ROOT);
        for (BackendProvider p : PROVIDERS.values()) {
            if (p.deviceType() == device.type()) {
                p.unavailableReason().ifPresent(reason -> {
                    throw new UnsupportedOperationException("device " + device + " was asked for, but "
                            + p.name() + " is not usable on this machine: " + reason);
                });
                return p.backend(device);
            }
        }
        throw new UnsupportedOperationException("no backend serves device " + device + ": add the Maven module "
                + moduleOf(kind) + " (backends found: " + names() + ")");
    }

    /**
     * The device a configuration names: {@code cpu}, {@code cuda}, {@code cuda:N} (which must be usable here, else
     * the one-sentence error of {@link #forDevice}), or {@code auto}: the first CUDA device when a usable CUDA
     * backend is on the class path, the CPU otherwise.
     */
    public static Device resolveDevice(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("device must be cpu, cuda, cuda:N or auto, got null");
        }
        if (spec.trim().equalsIgnoreCase("auto")) {
            for (BackendProvider p : PROVIDERS.values()) {
                if (p.deviceType() == Device.Type.CUDA && p.unavailableReason().isEmpty()) {
                    return Device.cuda(0);
                }
            }
            return Device.CPU;
        }
        Device device;
        try {
            device = Device.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device '" + spec + "' (expected cpu, cuda, cuda:N or auto)", e);
        }
        forDevice(device);
        return device;
    }

    /** The current default backend of {@link Device#CPU}. */
    public static Backend defaultBackend() {
        return cpuDefault();
    }

    private static Backend cpuDefault() {
        Backend b = cpuDefault;
        if (b == null) {
            synchronized (Backends.class) {
                b = cpuDefault;
                if (b == null) {
                    b = byName(System.getProperty(PROPERTY, HOST));
                    cpuDefault = b;
                }
            }
        }
        return b;
    }

    /**
     * Makes {@code backend} the default (the one that factories and {@code Device.CPU} requests allocate on) and
     * returns the previous default, so a caller can restore it: {@code Backend old = Backends.setDefault(b); try { ... } finally
     * { Backends.setDefault(old); }}. A GPU backend may be made the default too: the shared conformance suites
     * run on it that way; while it is, {@code Device.CPU} requests allocate on the GPU.
     */
    public static Backend setDefault(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("setDefault: backend must not be null");
        }
        Backend old = cpuDefault();
        cpuDefault = backend;
        return old;
    }

    /** {@link #setDefault(Backend)} by name (see {@link #byName}); returns the previous default. */
    public static Backend setDefault(String name) {
        return setDefault(byName(name));
    }

    /**
     * {@code t} itself when its storage belongs to {@code target}, else a contiguous copy of its elements (same
     * shape and dtype) in a fresh storage of {@code target}. Kernels call this on every input, so operands created
     * under another backend are converted in one place (through host arrays, so across devices too); nothing is
     * recorded for autograd.
     */
    public static Tensor adopt(Backend target, Tensor t) {
        Storage src = t.storage;
        if (src.backend() == target) {
            return t;
        }
        int n = t.numel();
        Tensor flat = t;
        if (!(t.offset == 0 && src.size() == n && t.isContiguous())) {
            Backend own = src.backend();
            flat = Tensor.fromStorage(own.allocate(t.dtype(), n), t.shape);
            own.copy(t, flat);
        }
        Object host = HostArrays.allocate(t.dtype(), n);
        flat.storage.copyToHost(host);
        Storage dst = target.fromHost(t.dtype(), host);
        return Tensor.fromStorage(dst, t.shape);
    }
}
