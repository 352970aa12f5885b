package alf.tensor;

import alf.tensor.cpu.CpuBackend;
import alf.tensor.cpu.CpuStorage;
import alf.tensor.nd4j.Nd4jBackend;
import java.util.List;
import java.util.Locale;

/**
 * The one place that chooses backends.
 *
 * <p>Several backends can serve {@link Device#CPU}: {@code cpu} (pure Java, {@link CpuBackend}) and {@code nd4j}
 * ({@link Nd4jBackend}, ND4J's native kernels). The <em>default</em> one allocates every new tensor of the device
 * (factories, op results). It is chosen once from the system property {@value #PROPERTY} ({@code cpu} or
 * {@code nd4j}; {@code cpu} when unset) and can be changed at run time with {@link #setDefault(Backend)} (tests,
 * benchmarks, users comparing backends). The default is {@code cpu} because the {@code TensorOpsBenchmark} in the
 * {@code benchmarks} module measures it far faster on the workloads this framework runs: a tiny op costs about
 * 0.3 µs there against about 100 µs through ND4J (buffer allocation, view creation and native dispatch per op), and
 * an MLP 3→256→256→1 forward + backward at batch 256 is faster too; ND4J wins only a large GEMM alone.
 *
 * <p>Tensors made under another default keep their storage; when they meet an op whose output lives on a different
 * backend of the same device, the kernel converts them with {@link #adopt(Backend, Tensor)} (a copy).
 */
public final class Backends {
    /** System property naming the default CPU backend: {@code cpu} or {@code nd4j}. */
    public static final String PROPERTY = "alf.backend";

    private static volatile Backend cpuDefault = byName(System.getProperty(PROPERTY, CpuBackend.INSTANCE.name()));

    private Backends() {
    }

    /** Names accepted by {@link #byName}, in the order backend-parameterised tests and benchmarks use them. */
    public static List<String> names() {
        return List.of("cpu", "nd4j");
    }

    /** The backend with this name ({@code cpu} or {@code nd4j}); a clear error for any other. */
    public static Backend byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> CpuBackend.INSTANCE;
            case "nd4j" -> Nd4jBackend.INSTANCE;
            default -> throw new IllegalArgumentException("unknown backend '" + name + "' (property " + PROPERTY
                    + "); expected one of " + names());
        };
    }

    /** The backend that allocates new tensors on {@code device}; a clear error if none is available. */
    public static Backend forDevice(Device device) {
        if (device.type() == Device.Type.CPU) {
            return cpuDefault;
        }
        throw new UnsupportedOperationException("no backend is available for device " + device
                + " in this build (CUDA support is not loaded)");
    }

    /** The current default backend of {@link Device#CPU}. */
    public static Backend defaultBackend() {
        return cpuDefault;
    }

    /**
     * Makes {@code backend} the default of its device (only CPU backends exist in this build) and returns the
     * previous default, so a caller can restore it: {@code Backend old = Backends.setDefault(b); try { ... } finally
     * { Backends.setDefault(old); }}.
     */
    public static Backend setDefault(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("setDefault: backend must not be null");
        }
        if (backend.device().type() != Device.Type.CPU) {
            throw new IllegalArgumentException("setDefault: backend " + backend.name() + " serves device "
                    + backend.device() + "; only CPU backends can be chosen in this build");
        }
        Backend old = cpuDefault;
        cpuDefault = backend;
        return old;
    }

    /** {@link #setDefault(Backend)} by name ({@code cpu} or {@code nd4j}); returns the previous default. */
    public static Backend setDefault(String name) {
        return setDefault(byName(name));
    }

    /**
     * {@code t} itself when its storage belongs to {@code target}, else a contiguous copy of its elements (same
     * shape and dtype) in a fresh storage of {@code target}. Kernels call this on every input, so operands created
     * under another backend of the same device are converted in one place; nothing is recorded for autograd.
     */
    public static Tensor adopt(Backend target, Tensor t) {
        Storage src = t.storage;
        if (src.backend() == target) {
            return t;
        }
        if (!src.device().equals(target.device())) {
            throw new IllegalArgumentException("adopt: tensor on device " + src.device() + " cannot be used by "
                    + "backend " + target.name() + " of device " + target.device() + " (move it with to(device))");
        }
        int n = t.numel();
        Tensor flat = t;
        if (!(t.offset == 0 && src.size() == n && t.isContiguous())) {
            Backend own = src.backend();
            flat = Tensor.fromStorage(own.allocate(t.dtype(), n), t.shape);
            own.copy(t, flat);
        }
        Storage dst = target.allocate(t.dtype(), n);
        if (dst instanceof CpuStorage c) {
            flat.storage.exportTo(c);
        } else if (flat.storage instanceof CpuStorage c) {
            dst.importFrom(c);
        } else {
            CpuStorage staging = CpuStorage.allocate(t.dtype(), n);
            flat.storage.exportTo(staging);
            dst.importFrom(staging);
        }
        return Tensor.fromStorage(dst, t.shape);
    }
}
