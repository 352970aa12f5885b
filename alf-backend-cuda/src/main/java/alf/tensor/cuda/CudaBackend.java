package alf.tensor.cuda;

import alf.tensor.Backend;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HostArrays;
import alf.tensor.ReduceOp;
import alf.tensor.Shapes;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * The {@code cuda} backend: every primitive of {@link Backend} as a kernel of {@code alf_kernels.cu} on one GPU,
 * issued in order on one stream; storages are blocks of a caching allocator; host transfers go through a pinned
 * staging buffer and synchronise. Floating values are computed in double inside the kernels and rounded to the output
 * dtype (the reference definitions of {@link UnaryOp} and {@link BinaryOp}); integral values exactly in 64 bits.
 * Matrix products use cuBLAS when {@code libcublas} loads, the module's tiled kernel otherwise ({@link GemmPath}).
 *
 * <p>Operands that live on another backend (a CPU scalar meeting a GPU tensor) are copied to the device first.
 */
public final class CudaBackend implements Backend {
    private static final ConcurrentHashMap<Integer, CudaBackend> BACKENDS = new ConcurrentHashMap<>();
    private static final int THREADS = 256;
    private static final int MAX_BLOCKS = 65535;

    private final Device device;
    private final CudaDevice gpu;
    private final CudaGemm gemm;

    private CudaBackend(int ordinal) {
        this.device = Device.cuda(ordinal);
        this.gpu = new CudaDevice(ordinal);
        this.gemm = new CudaGemm(this);
    }

    /**
     * The backend of GPU {@code ordinal}, created on first use; a one-sentence error when CUDA is not usable here or
     * the ordinal does not exist.
     */
    public static CudaBackend forOrdinal(int ordinal) {
        CudaProbe.unavailableReason().ifPresent(reason -> {
            throw new UnsupportedOperationException("device cuda:" + ordinal + " was asked for, but CUDA is not "
                    + "usable on this machine: " + reason);
        });
        if (ordinal < 0 || ordinal >= CudaProbe.deviceCount()) {
            throw new IllegalArgumentException("device cuda:" + ordinal + " does not exist: this machine has "
                    + CudaProbe.deviceCount() + " CUDA device(s)");
        }
        return BACKENDS.computeIfAbsent(ordinal, CudaBackend::new);
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Device device() {
        return device;
    }

    /** The GPU's name as the driver reports it, e.g. {@code NVIDIA H200}. */
    public String deviceName() {
        return gpu.name();
    }

    CudaDevice gpu() {
        return gpu;
    }

    /** The caching allocator's counters (a warm training step adds requests and cache hits, no raw allocation). */
    public CachingAllocator.Stats allocatorStats() {
        return gpu.allocator().stats();
    }

    /** Which matrix-product implementation {@link #matmul} uses. */
    public GemmPath gemmPath() {
        return gemm.path();
    }

    /** Chooses the matrix-product implementation (tests run both); cuBLAS fails clearly where it does not load. */
    public void setGemmPath(GemmPath path) {
        gemm.setPath(path);
    }

    /** Waits for every kernel issued so far and raises the first error a kernel recorded. */
    public void synchronize() {
        gpu.synchronize();
    }

    /** The graph-capture API of this backend's stream ({@link CudaGraph}). */
    public CudaGraph newGraph() {
        return new CudaGraph(gpu);
    }

    // ---------------------------------------------------------------- storage

    @Override
    public Storage allocate(DType dtype, int size) {
        CudaStorage s = new CudaStorage(this, dtype, size);
        if (size > 0) {
            gpu.zero(s.pointer(), s.bytes());
        }
        return s;
    }

    @Override
    public Storage fromHost(DType dtype, Object hostArray) {
        int n = HostArrays.length(hostArray);
        HostArrays.check(dtype, n, hostArray);
        CudaStorage s = new CudaStorage(this, dtype, n);
        if (n > 0) {
            gpu.upload(HostBuffers.write(hostArray), s.pointer(), s.bytes());
        }
        return s;
    }

    /** {@code t} itself when it lives on this backend, else a contiguous device copy of its elements. */
    private Tensor own(Tensor t) {
        if (t.storage().backend() == this) {
            return t;
        }
        Tensor host = t;
        if (!t.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("the cuda backend of " + device + " cannot use a tensor on "
                    + t.device() + " (move it with to(device))");
        }
        Backend own = t.storage().backend();
        int[] contiguous = Shapes.contiguousStrides(t.shape());
        if (!(t.offset() == 0 && t.storage().size() == t.numel() && t.isContiguous())) {
            host = Tensor.rawView(own.allocate(t.dtype(), t.numel()), t.shape(), contiguous, 0);
            own.copy(t, host);
        }
        Object array = HostArrays.allocate(t.dtype(), t.numel());
        host.storage().copyToHost(array);
        return Tensor.rawView(fromHost(t.dtype(), array), t.shape(), contiguous, 0);
    }

    private static CUdeviceptr ptr(Tensor t) {
        return ((CudaStorage) t.storage()).pointer();
    }

    private void checkOutput(String op, Tensor out) {
        if (out.storage().backend() != this) {
            throw new IllegalArgumentException(op + ": the output must live on the cuda backend of " + device
                    + ", got a tensor of backend " + out.storage().backend().name());
        }
        out.storage().bumpVersion();
    }

    private static int blocks(long n) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, (n + THREADS - 1) / THREADS));
    }

    private void launch(String kernel, long n, Pointer... params) {
        if (n > 0) {
            gpu.launch(kernel, blocks(n), THREADS, Pointer.to(params));
        }
    }

    private static Pointer i(int v) {
        return Pointer.to(new int[] {v});
    }

    private static Pointer d(double v) {
        return Pointer.to(new double[] {v});
    }

    private static Pointer l(long v) {
        return Pointer.to(new long[] {v});
    }

    private static Pointer p(Tensor t) {
        return Pointer.to(ptr(t));
    }

    private static Pointer desc(Tensor t) {
        return Pointer.to(DeviceDescriptor.of(t));
    }

    private static Pointer desc(int[] shape, int[] strides, int offset) {
        return Pointer.to(DeviceDescriptor.of(shape, strides, offset));
    }

    private static Pointer dt(Tensor t) {
        return i(t.dtype().ordinal());
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void fill(Tensor out, double value) {
        checkOutput("fill", out);
        long lvalue = out.dtype() == DType.BOOL ? (value != 0 ? 1 : 0) : (long) value;
        launch("alf_fill", out.numel(), p(out), desc(out), dt(out), d(value), l(lvalue), i(out.numel()));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checkOutput("copy", dst);
        Tensor s = own(src);
        launch("alf_copy", dst.numel(), p(s), desc(s), dt(s), p(dst), desc(dst), dt(dst), i(dst.numel()));
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        checkOutput(op.name().toLowerCase(), out);
        Tensor s = own(x);
        launch("alf_unary", out.numel(), i(op.ordinal()), p(s), desc(s), dt(s), p(out), desc(out), dt(out),
                i(out.numel()));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        checkOutput(op.name().toLowerCase(), out);
        Tensor x = own(a);
        Tensor y = own(b);
        launch("alf_binary", out.numel(), i(op.ordinal()), p(x), desc(x), p(y), desc(y), dt(x), p(out), desc(out),
                dt(out), i(out.numel()));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        checkOutput("where", out);
        Tensor c = own(cond);
        Tensor x = own(a);
        Tensor y = own(b);
        launch("alf_where", out.numel(), p(c), desc(c), p(x), desc(x), p(y), desc(y), dt(out), p(out), desc(out),
                i(out.numel()));
    }

    // ---------------------------------------------------------------- reductions

    /**
     * x's dimensions reordered so the kept ones come first and the reduced ones last: element (m, r) of the
     * reduction is then the view's linear index m·count + r.
     */
    private static int[][] keptThenReduced(Tensor x, boolean[] reduced) {
        int rank = x.dim();
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int k = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int d = 0; d < rank; d++) {
                if (reduced[d] == (pass == 1)) {
                    shape[k] = x.shape()[d];
                    strides[k++] = x.strides()[d];
                }
            }
        }
        return new int[][] {shape, strides};
    }

    /** out's view restricted to the kept dimensions (the reduced ones have size 1 there). */
    private static Pointer keptDesc(Tensor out, boolean[] reduced) {
        int kept = 0;
        for (boolean r : reduced) {
            kept += r ? 0 : 1;
        }
        int[] shape = new int[kept];
        int[] strides = new int[kept];
        int k = 0;
        for (int d = 0; d < reduced.length; d++) {
            if (!reduced[d]) {
                shape[k] = out.shape()[d];
                strides[k++] = out.strides()[d];
            }
        }
        return desc(shape, strides, out.offset());
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        checkOutput("reduce " + op, out);
        Tensor s = own(x);
        int count = 1;
        for (int d = 0; d < s.dim(); d++) {
            count *= dims[d] ? s.shape()[d] : 1;
        }
        int outputs = out.numel();
        if (outputs == 0) {
            return;
        }
        int[][] view = keptThenReduced(s, dims);
        Pointer params = Pointer.to(i(op.ordinal()), p(s), desc(view[0], view[1], s.offset()), dt(s), i(count),
                p(out), keptDesc(out, dims), dt(out), i(outputs));
        gpu.launch("alf_reduce", Math.min(outputs, MAX_BLOCKS), THREADS, params);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor out) {
        checkOutput(max ? "argmax" : "argmin", out);
        Tensor s = own(x);
        boolean[] reduced = new boolean[s.dim()];
        reduced[dim] = true;
        int[][] view = keptThenReduced(s, reduced);
        launch("alf_arg_reduce", out.numel(), i(max ? 1 : 0), p(s), desc(view[0], view[1], s.offset()), dt(s),
                i(s.shape()[dim]), p(out), keptDesc(out, reduced), i(out.numel()));
    }

    // ---------------------------------------------------------------- indexing

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        checkOutput("gather", out);
        Tensor s = own(x);
        Tensor idx = own(index);
        launch("alf_gather", out.numel(), p(s), desc(s), i(dim), p(idx), desc(idx), p(out), desc(out), dt(out),
                i(out.numel()));
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        checkOutput("scatterAdd", out);
        Tensor idx = own(index);
        Tensor s = own(src);
        int len = idx.shape()[dim];
        int lines = len == 0 ? 0 : idx.numel() / len;
        launch("alf_scatter_add", lines, p(out), desc(out), i(dim), p(idx), desc(idx), p(s), desc(s), dt(out),
                i(lines));
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        checkOutput("indexSelect", out);
        Tensor s = own(x);
        Tensor idx = own(index);
        launch("alf_index_select", out.numel(), p(s), desc(s), i(dim), p(idx), desc(idx), p(out), desc(out),
                dt(out), i(out.numel()));
    }

    // ---------------------------------------------------------------- matrix product and random numbers

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        checkOutput("matmul", out);
        gemm.multiply(own(a), own(b), out);
    }

    @Override
    public boolean drawsOnDevice() {
        return true;
    }

    /**
     * Philox4x32-10 draws ({@code alf_random}): element i is a pure function of (key, i), so a draw is reproducible
     * on any GPU for one key (the caller takes the key from the run's {@link alf.tensor.Rng}); it is <em>not</em> the
     * CPU backend's stream. A uniform value that rounds up to {@code b} in a narrow dtype is replaced by {@code a}
     * (probability about 2⁻²⁴ in float32), keeping the interval half-open.
     */
    @Override
    public void random(Tensor out, boolean normal, long key, double a, double b) {
        checkOutput("random", out);
        if (!out.dtype().isFloatingPoint() || !out.isContiguous() || out.offset() != 0) {
            throw new IllegalArgumentException("random: out must be a contiguous floating tensor, got "
                    + out.dtype() + " with strides " + java.util.Arrays.toString(out.strides()));
        }
        launch("alf_random", out.numel(), i(normal ? 1 : 0), i((int) key), i((int) (key >>> 32)), l(0), d(a), d(b),
                p(out), dt(out), i(out.numel()));
    }

    /** Launch helpers for {@link CudaGemm}'s tiled kernel. */
    void launchGrid(String kernel, int gx, int gy, int gz, int bx, int by, Pointer params) {
        gpu.launch(kernel, gx, gy, gz, bx, by, params);
    }
}
