package alf.tensor.cpu;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.ReduceOp;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.Arrays;

/**
 * The pure-Java CPU backend on heap arrays. float32 and float64 have specialised loops (vectorised with
 * {@code jdk.incubator.vector} for contiguous rows, see {@link VectorKernels}); the other dtypes go through the
 * exact generic path ({@code double} for floating values, {@code long} for integral ones). GEMM is {@link Gemm}.
 */
public final class CpuBackend implements Backend {
    /** Per-thread accumulator of {@link #reduce} (grown on demand), so a reduction allocates no array per call. */
    private static final ThreadLocal<double[]> REDUCE_ACCUMULATOR = ThreadLocal.withInitial(() -> new double[0]);
    /** The single instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return CpuStorage.allocate(dtype, size);
    }

    /** Wraps the host array without copying it (the caller hands it over). */
    @Override
    public Storage fromHost(DType dtype, Object hostArray) {
        return CpuStorage.wrap(dtype, hostArray);
    }

    /** The largest number of threads (caller included) one matrix product uses ({@link Gemm#maxThreads()}). */
    @Override
    public int maxThreads() {
        return Gemm.maxThreads();
    }

    @Override
    public void setMaxThreads(int threads) {
        Gemm.setMaxThreads(threads);
    }

    /** Kernels write only their output and keep scratch space per thread (GEMM panels, reduction accumulators). */
    @Override
    public boolean concurrentCalls() {
        return true;
    }

    /** A contiguous float32 or float64 tensor is scanned in place ({@link FiniteScan}); others as the default. */
    @Override
    public boolean allFinite(Tensor x) {
        if (x.isContiguous() && x.dtype() == DType.FLOAT32) {
            return FiniteScan.floats(cpu(x).floats(), x.offset(), x.numel());
        }
        if (x.isContiguous() && x.dtype() == DType.FLOAT64) {
            return FiniteScan.doubles(cpu(x).doubles(), x.offset(), x.numel());
        }
        return Backend.super.allFinite(x);
    }

    /** The CPU storage of a kernel's output (outputs are allocated by the caller on this backend). */
    private static CpuStorage cpu(Tensor t) {
        if (t.storage() instanceof CpuStorage c) {
            return c;
        }
        throw new IllegalArgumentException("cpu backend: output tensor lives on backend " + t.backend().name()
                + "; kernels write only into storages of their own backend");
    }

    /** An input on this backend: itself, or a converted copy when it was made by another backend. */
    private static Tensor own(Tensor t) {
        return t.storage() instanceof CpuStorage ? t : Backends.adopt(INSTANCE, t);
    }

    @Override
    public void fill(Tensor out, double value) {
        CpuStorage s = cpu(out);
        if (out.isContiguous()) {
            int from = out.offset();
            int to = from + out.numel();
            switch (s.dtype()) {
                case FLOAT32 -> Arrays.fill(s.floats(), from, to, (float) value);
                case FLOAT64 -> Arrays.fill(s.doubles(), from, to, value);
                default -> {
                    for (int i = from; i < to; i++) {
                        s.setDouble(i, value);
                    }
                }
            }
            return;
        }
        StridedLoop.run(out, out, (n, off, st) -> {
            for (int i = 0, o = off[0]; i < n; i++, o += st[0]) {
                s.setDouble(o, value);
            }
        });
    }

    private static boolean sameShape(Tensor a, Tensor b) {
        if (a.dim() != b.dim()) {
            return false;
        }
        for (int d = 0; d < a.dim(); d++) {
            if (a.size(d) != b.size(d)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        src = own(src);
        CpuStorage a = cpu(src);
        CpuStorage o = cpu(dst);
        DType sd = a.dtype();
        DType dd = o.dtype();
        if (sd == dd && sameShape(src, dst) && src.isContiguous() && dst.isContiguous()) {
            // the single row StridedLoop would visit after coalescing, without building a visitor
            System.arraycopy(a.array(), src.offset(), o.array(), dst.offset(), dst.numel());
            return;
        }
        CopyRows rows = CopyRows.forThread().set(a, o);
        try {
            StridedLoop.run(dst, src, dst, rows);
        } finally {
            rows.clear();
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        x = own(x);
        CpuStorage a = cpu(x);
        CpuStorage o = cpu(out);
        DType dt = o.dtype();
        boolean sameType = a.dtype() == dt;
        if (sameType && dt == DType.FLOAT32 && x.isContiguous() && out.isContiguous()) {
            // the single row StridedLoop would visit after coalescing, without building a visitor
            FloatKernels.unary(op, a.floats(), x.offset(), 1, o.floats(), out.offset(), 1, out.numel());
            return;
        }
        StridedLoop.run(out, x, out, (n, off, st) -> {
                    if (sameType && dt == DType.FLOAT32) {
                        FloatKernels.unary(op, a.floats(), off[0], st[0], o.floats(), off[1], st[1], n);
                    } else if (sameType && dt == DType.FLOAT64) {
                        double[] xa = a.doubles();
                        double[] oa = o.doubles();
                        for (int i = 0, ia = off[0], io = off[1]; i < n; i++, ia += st[0], io += st[1]) {
                            oa[io] = op.apply(xa[ia]);
                        }
                    } else if (!dt.isFloatingPoint() && !a.dtype().isFloatingPoint() && !op.promotesIntegralToFloat()
                            && op != UnaryOp.LOGICAL_NOT && op != UnaryOp.ISNAN && op != UnaryOp.ISFINITE) {
                        for (int i = 0, ia = off[0], io = off[1]; i < n; i++, ia += st[0], io += st[1]) {
                            o.setLong(io, integralUnary(op, a.getLong(ia)));
                        }
                    } else {
                        for (int i = 0, ia = off[0], io = off[1]; i < n; i++, ia += st[0], io += st[1]) {
                            o.setDouble(io, op.apply(a.getDouble(ia)));
                        }
                    }
                });
    }

    private static long integralUnary(UnaryOp op, long v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case RELU -> Math.max(v, 0);
            case SQUARE -> v * v;
            case FLOOR, CEIL, ROUND -> v;
            default -> throw new IllegalStateException("no integral kernel for " + op);
        };
    }

    /** Row by row ({@link BiasReluKernel}) for contiguous float32/float64 tensors; the separate kernels otherwise. */
    @Override
    public void biasRelu(Tensor z, Tensor bias, Tensor out) {
        if (!BiasReluKernel.forward(z, bias, out)) {
            Backend.super.biasRelu(z, bias, out);
        }
    }

    /** Row by row ({@link BiasReluKernel}) for contiguous float32/float64 tensors; the separate kernels otherwise. */
    @Override
    public void reluBackwardBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        if (!BiasReluKernel.backward(g, y, gz, biasGrad)) {
            Backend.super.reluBackwardBiasSum(g, y, gz, biasGrad);
        }
    }

    /** One pass per row ({@link SquashedGaussianKernel}) for contiguous float32/float64; the composition otherwise. */
    @Override
    public void squashedGaussianLogProb(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, Tensor out) {
        if (!SquashedGaussianKernel.forward(u, loc, scale, eventScale, out)) {
            Backend.super.squashedGaussianLogProb(u, loc, scale, eventScale, out);
        }
    }

    /** One pass per row ({@link SquashedGaussianKernel}) for contiguous float32/float64; the composition otherwise. */
    @Override
    public void squashedGaussianLogProbBackward(Tensor g, Tensor u, Tensor loc, Tensor scale, Tensor gu, Tensor gLoc,
            Tensor gScale) {
        if (!SquashedGaussianKernel.backward(g, u, loc, scale, gu, gLoc, gScale)) {
            Backend.super.squashedGaussianLogProbBackward(g, u, loc, scale, gu, gLoc, gScale);
        }
    }

    /** One fused pass ({@link AdamKernel}) for contiguous float32/float64 slots; the composition otherwise. */
    @Override
    public void adamStep(AdamRule rule, AdamSlots slots) {
        if (!AdamKernel.run(rule, slots)) {
            rule.applyComposed(slots);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor x, Tensor y, Tensor out) {
        x = own(x);
        y = own(y);
        CpuStorage a = cpu(x);
        CpuStorage b = cpu(y);
        CpuStorage o = cpu(out);
        DType ct = a.dtype();
        DType ot = o.dtype();
        if (ct == DType.FLOAT32 && ot == DType.FLOAT32 && x.isContiguous() && y.isContiguous()
                && out.isContiguous()) {
            // the single row StridedLoop would visit after coalescing, without building a visitor
            FloatKernels.binary(op, a.floats(), x.offset(), 1, b.floats(), y.offset(), 1, o.floats(), out.offset(), 1,
                    out.numel());
            return;
        }
        BinaryRows rows = BinaryRows.forThread().set(op, a, b, o);
        try {
            StridedLoop.run(out, x, y, out, rows);
        } finally {
            rows.clear();
        }
    }

    @Override
    public void where(Tensor cond, Tensor x, Tensor y, Tensor out) {
        cond = own(cond);
        x = own(x);
        y = own(y);
        boolean[] c = cpu(cond).bools();
        CpuStorage a = cpu(x);
        CpuStorage b = cpu(y);
        CpuStorage o = cpu(out);
        DType dt = o.dtype();
        StridedLoop.run(out, cond, x, y, out, (n, off, st) -> {
                    int ic = off[0];
                    int ia = off[1];
                    int ib = off[2];
                    int io = off[3];
                    if (dt == DType.FLOAT32) {
                        float[] fa = a.floats();
                        float[] fb = b.floats();
                        float[] fo = o.floats();
                        for (int i = 0; i < n; i++, ic += st[0], ia += st[1], ib += st[2], io += st[3]) {
                            fo[io] = c[ic] ? fa[ia] : fb[ib];
                        }
                    } else if (dt.isFloatingPoint()) {
                        for (int i = 0; i < n; i++, ic += st[0], ia += st[1], ib += st[2], io += st[3]) {
                            o.setDouble(io, c[ic] ? a.getDouble(ia) : b.getDouble(ib));
                        }
                    } else {
                        for (int i = 0; i < n; i++, ic += st[0], ia += st[1], ib += st[2], io += st[3]) {
                            o.setLong(io, c[ic] ? a.getLong(ia) : b.getLong(ib));
                        }
                    }
                });
    }

    /** True when every dimension but the last is reduced. */
    private static boolean reducesAllLeading(boolean[] dims) {
        for (int d = 0; d < dims.length - 1; d++) {
            if (!dims[d]) {
                return false;
            }
        }
        return true;
    }

    /** This thread's double accumulator of at least {@code m} elements (reduce does not nest, so one suffices). */
    private static double[] reduceAccumulator(int m) {
        double[] acc = REDUCE_ACCUMULATOR.get();
        if (acc.length < m) {
            acc = new double[m];
            REDUCE_ACCUMULATOR.set(acc);
        }
        return acc;
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        x = own(x);
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("reduce: output must be contiguous");
        }
        int rank = x.dim();
        int m = out.numel();
        CpuStorage a = cpu(x);
        CpuStorage o = cpu(out);
        int base = out.offset();
        if (!a.dtype().isFloatingPoint() && (op == ReduceOp.SUM || op == ReduceOp.PROD || op == ReduceOp.MAX
                || op == ReduceOp.MIN)) {
            int[] outStrides = new int[rank];
            for (int d = 0; d < rank; d++) {
                outStrides[d] = dims[d] ? 0 : out.stride(d);
            }
            long[] acc = new long[m];
            long init = switch (op) {
                case SUM -> 0L;
                case PROD -> 1L;
                case MAX -> Long.MIN_VALUE;
                default -> Long.MAX_VALUE;
            };
            Arrays.fill(acc, init);
            StridedLoop.run(x.shape(), new int[] {x.offset(), 0}, new int[][] {x.strides(), outStrides},
                    (n, off, st) -> {
                        for (int i = 0, ia = off[0], io = off[1]; i < n; i++, ia += st[0], io += st[1]) {
                            long v = a.getLong(ia);
                            acc[io] = switch (op) {
                                case SUM -> acc[io] + v;
                                case PROD -> acc[io] * v;
                                case MAX -> Math.max(acc[io], v);
                                default -> Math.min(acc[io], v);
                            };
                        }
                    });
            for (int i = 0; i < m; i++) {
                o.setLong(base + i, acc[i]);
            }
            return;
        }
        double[] acc = reduceAccumulator(m);
        Arrays.fill(acc, 0, m, op.identity());
        if (op == ReduceOp.SUM && a.dtype() == DType.FLOAT32 && x.isContiguous() && rank >= 2 && !dims[rank - 1]
                && reducesAllLeading(dims)) {
            // column sums (a bias gradient): the same additions, row after row, as the strided loop
            int n = x.size(rank - 1);
            BiasReluKernel.addRows(a.floats(), x.offset(), n == 0 ? 0 : x.numel() / n, n, acc);
        } else {
            reduceStrided(op, x, dims, out, a, acc);
        }
        for (int i = 0; i < m; i++) {
            o.setDouble(base + i, acc[i]);
        }
    }

    /** Floating reduce of x over {@code dims} into {@code acc} (one double per output element) by the strided loop. */
    private static void reduceStrided(ReduceOp op, Tensor x, boolean[] dims, Tensor out, CpuStorage a, double[] acc) {
        int rank = x.dim();
        ReduceRows rows = ReduceRows.forThread();
        int[] shape = rows.shape(rank);
        int[][] strides = rows.strides(rank);
        for (int d = 0; d < rank; d++) {
            shape[d] = x.size(d);
            strides[0][d] = x.stride(d);
            strides[1][d] = dims[d] ? 0 : out.stride(d);
        }
        int[] offsets = rows.offsets();
        offsets[0] = x.offset();
        offsets[1] = 0;
        rows.set(op, a, acc, a.dtype() == DType.FLOAT32 && op == ReduceOp.SUM);
        try {
            StridedLoop.run(shape, offsets, strides, rows);
        } finally {
            rows.clear();
        }
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor out) {
        x = own(x);
        int[] shape = x.shape().clone();
        int len = shape[dim];
        if (len == 0) {
            throw new IllegalArgumentException("arg" + (max ? "max" : "min") + ": dimension " + dim
                    + " of shape " + Arrays.toString(x.shape()) + " is empty");
        }
        shape[dim] = 1;
        int[] xs = x.strides();
        int dimStride = xs[dim];
        CpuStorage a = cpu(x);
        CpuStorage o = cpu(out);
        boolean integral = !a.dtype().isFloatingPoint();
        StridedLoop.run(shape, new int[] {x.offset(), out.offset()}, new int[][] {xs, out.strides()},
                (n, off, st) -> {
                    for (int i = 0, ia = off[0], io = off[1]; i < n; i++, ia += st[0], io += st[1]) {
                        if (integral) {
                            // exact on int64 beyond 2^53, where doubles would tie distinct values
                            int best = 0;
                            long bv = a.getLong(ia);
                            for (int j = 1; j < len; j++) {
                                long v = a.getLong(ia + j * dimStride);
                                if (max ? v > bv : v < bv) {
                                    best = j;
                                    bv = v;
                                }
                            }
                            o.setLong(io, best);
                            continue;
                        }
                        int best = 0;
                        double bv = a.getDouble(ia);
                        for (int j = 1; j < len && !Double.isNaN(bv); j++) {
                            double v = a.getDouble(ia + j * dimStride);
                            if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                                best = j;
                                bv = v;
                            }
                        }
                        o.setLong(io, best);
                    }
                });
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        a = own(a);
        b = own(b);
        int batch = a.size(0);
        int m = a.size(1);
        int k = a.size(2);
        int n = b.size(2);
        int aRs = a.stride(1);
        int aCs = a.stride(2);
        int bRs = b.stride(1);
        int bCs = b.stride(2);
        int ldc = out.stride(1);
        DType dt = out.dtype();
        for (int i = 0; i < batch; i++) {
            int ao = a.offset() + i * a.stride(0);
            int bo = b.offset() + i * b.stride(0);
            int oo = out.offset() + i * out.stride(0);
            if (dt == DType.FLOAT32) {
                Gemm.sgemm(m, n, k, cpu(a).floats(), ao, aRs, aCs, cpu(b).floats(), bo, bRs, bCs,
                        cpu(out).floats(), oo, ldc, false);
            } else if (dt == DType.FLOAT64) {
                Gemm.dgemm(m, n, k, cpu(a).doubles(), ao, aRs, aCs, cpu(b).doubles(), bo, bRs, bCs,
                        cpu(out).doubles(), oo, ldc, false);
            } else {
                throw new IllegalArgumentException("matmul: dtype " + dt + " is not supported (float32/float64)");
            }
        }
    }

    /**
     * float32 on one pass of the GEMM ({@link Gemm#sgemmBiasRelu}: each thread adds the bias and applies ReLU to its
     * block of the product while it is in cache); other dtypes, a strided bias or a bias in out's storage run the
     * default (product, then {@link #biasRelu}), with the same bits.
     */
    @Override
    public void matmulBiasRelu(Tensor a, Tensor b, Tensor bias, Tensor out) {
        a = own(a);
        b = own(b);
        bias = own(bias);
        if (out.dtype() != DType.FLOAT32 || bias.dtype() != DType.FLOAT32 || bias.dim() != 1 || !bias.isContiguous()
                || bias.storage() == out.storage() || bias.numel() != b.size(2)) {
            Backend.super.matmulBiasRelu(a, b, bias, out);
            return;
        }
        int m = a.size(1);
        int k = a.size(2);
        int n = b.size(2);
        float[] fb = cpu(bias).floats();
        for (int i = 0; i < a.size(0); i++) {
            Gemm.sgemmBiasRelu(m, n, k, cpu(a).floats(), a.offset() + i * a.stride(0), a.stride(1), a.stride(2),
                    cpu(b).floats(), b.offset() + i * b.stride(0), b.stride(1), b.stride(2), fb, bias.offset(),
                    cpu(out).floats(), out.offset() + i * out.stride(0), out.stride(1));
        }
    }

    /** One SIMD pass ({@link ScaleAddKernel}) for contiguous float32/float64 tensors; the composition otherwise. */
    @Override
    public void scaleAdd(Tensor y, double beta, Tensor x, double alpha) {
        x = own(x);
        if (!ScaleAddKernel.run(y, beta, x, alpha)) {
            Backend.super.scaleAdd(y, beta, x, alpha);
        }
    }

    /** Offset of element index value {@code idx} along {@code dim}, checked against the dimension size. */
    private static int checkedIndex(String op, long idx, int size, int dim) {
        if (idx < -size || idx >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + idx + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return (int) (idx < 0 ? idx + size : idx);
    }

    private static void copyElement(CpuStorage src, int si, CpuStorage dst, int di) {
        if (dst.dtype().isFloatingPoint()) {
            dst.setDouble(di, src.getDouble(si));
        } else {
            dst.setLong(di, src.getLong(si));
        }
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        x = own(x);
        index = own(index);
        int[] xs = x.strides().clone();
        int dimStride = xs[dim];
        int size = x.size(dim);
        xs[dim] = 0;
        CpuStorage a = cpu(x);
        CpuStorage ix = cpu(index);
        CpuStorage o = cpu(out);
        StridedLoop.run(index.shape(), new int[] {x.offset(), index.offset(), out.offset()},
                new int[][] {xs, index.strides(), out.strides()}, (n, off, st) -> {
                    for (int i = 0, ia = off[0], ii = off[1], io = off[2]; i < n;
                            i++, ia += st[0], ii += st[1], io += st[2]) {
                        int j = checkedIndex("gather", ix.getLong(ii), size, dim);
                        copyElement(a, ia + j * dimStride, o, io);
                    }
                });
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        index = own(index);
        src = own(src);
        int[] os = out.strides().clone();
        int dimStride = os[dim];
        int size = out.size(dim);
        os[dim] = 0;
        CpuStorage o = cpu(out);
        CpuStorage ix = cpu(index);
        CpuStorage s = cpu(src);
        boolean floating = o.dtype().isFloatingPoint();
        StridedLoop.run(index.shape(), new int[] {out.offset(), index.offset(), src.offset()},
                new int[][] {os, index.strides(), src.strides()}, (n, off, st) -> {
                    for (int i = 0, io = off[0], ii = off[1], is = off[2]; i < n;
                            i++, io += st[0], ii += st[1], is += st[2]) {
                        int j = checkedIndex("scatterAdd", ix.getLong(ii), size, dim);
                        int t = io + j * dimStride;
                        if (floating) {
                            o.setDouble(t, o.getDouble(t) + s.getDouble(is));
                        } else {
                            o.setLong(t, o.getLong(t) + s.getLong(is));
                        }
                    }
                });
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        x = own(x);
        index = own(index);
        CpuStorage ix = cpu(index);
        int size = x.size(dim);
        int count = index.numel();
        int indexStride = index.dim() == 0 ? 0 : index.stride(0);
        if (dim == 0 && size > 0 && x.dtype() == out.dtype() && x.isContiguous() && out.isContiguous()) {
            // Rows of a contiguous tensor are contiguous runs: copy each selected row with one arraycopy, no views
            // (the replay buffer's sample takes this path every step).
            int row = x.numel() / size;
            Object src = cpu(x).array();
            Object dst = cpu(out).array();
            for (int k = 0; k < count; k++) {
                int j = checkedIndex("indexSelect", ix.getLong(index.offset() + k * indexStride), size, dim);
                System.arraycopy(src, x.offset() + j * row, dst, out.offset() + k * row, row);
            }
            return;
        }
        int[] sliceShape = x.shape().clone();
        sliceShape[dim] = 1;
        for (int k = 0; k < count; k++) {
            int j = checkedIndex("indexSelect", ix.getLong(index.offset() + k * indexStride), size, dim);
            copy(Tensor.rawView(x.storage(), sliceShape, x.strides(), x.offset() + j * x.strides()[dim]),
                    Tensor.rawView(out.storage(), sliceShape, out.strides(), out.offset() + k * out.strides()[dim]));
        }
    }
}
