package alf.tensor.cuda;

import alf.tensor.DType;
import alf.tensor.Tensor;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * The batched matrix product a [B, M, K] · b [B, K, N] → out [B, M, N] (contiguous) on the GPU, by cuBLAS or by the
 * tiled kernel ({@link GemmPath}). cuBLAS is column-major, so the row-major product is computed as its transpose,
 * outᵀ = bᵀ · aᵀ, with each operand passed as stored: a row-major operand (column stride 1) is its transpose in
 * column-major order, a column-major one (row stride 1) is passed with the transpose flag, and any other layout
 * (a broadcast row, a sliced column) is first copied to a contiguous buffer.
 */
final class CudaGemm {
    private static final int TILE = 16;

    private final CudaBackend backend;
    private GemmPath path;
    private cublasHandle handle;

    CudaGemm(CudaBackend backend) {
        this.backend = backend;
        this.path = cublasLoads() ? GemmPath.CUBLAS : GemmPath.TILED;
    }

    private boolean cublasLoads() {
        try {
            cublasHandle h = new cublasHandle();
            JCublas2.setExceptionsEnabled(true);
            JCublas2.cublasCreate(h);
            JCublas2.cublasSetStream(h, new cudaStream_t(backend.gpu().stream()));
            handle = h;
            return true;
        } catch (Throwable unavailable) {
            // libcublas.so.12 is absent (e.g. a machine with only a newer CUDA): the tiled kernel serves
            return false;
        }
    }

    GemmPath path() {
        return path;
    }

    void setPath(GemmPath p) {
        if (p == GemmPath.CUBLAS && handle == null) {
            throw new IllegalStateException("cuBLAS is not available on this machine (libcublas.so.12 or JCublas' "
                    + "native library did not load); the tiled GEMM kernel is used instead");
        }
        path = p;
    }

    void multiply(Tensor a, Tensor b, Tensor out) {
        int batch = out.shape()[0];
        int m = out.shape()[1];
        int n = out.shape()[2];
        int k = a.shape()[2];
        if (out.numel() == 0) {
            return;
        }
        if (k == 0) {
            backend.fill(out, 0);
            return;
        }
        boolean blas = path == GemmPath.CUBLAS && (a.dtype() == DType.FLOAT32 || a.dtype() == DType.FLOAT64);
        if (blas) {
            cublas(layoutOrCopy(a), layoutOrCopy(b), out, batch, m, n, k);
        } else {
            tiled(a, b, out, batch, m, n, k);
        }
    }

    /** The grid's z dimension holds the batch (at most 65535 blocks, a CUDA limit). */
    private static final int MAX_BATCH = 65535;

    private void tiled(Tensor a, Tensor b, Tensor out, int batch, int m, int n, int k) {
        if (batch > MAX_BATCH) {
            throw new IllegalArgumentException("matmul on cuda: the tiled kernel takes at most " + MAX_BATCH
                    + " matrices per batch, got " + batch + " of " + m + "x" + k + " · " + k + "x" + n);
        }
        int[] as = a.strides();
        int[] bs = b.strides();
        Pointer params = Pointer.to(Pointer.to(((CudaStorage) a.storage()).pointer()), ints(as[0]), ints(as[1]),
                ints(as[2]), ints(a.offset()), Pointer.to(((CudaStorage) b.storage()).pointer()), ints(bs[0]),
                ints(bs[1]), ints(bs[2]), ints(b.offset()), Pointer.to(((CudaStorage) out.storage()).pointer()),
                ints(out.dtype().ordinal()), ints(m), ints(n), ints(k));
        backend.launchGrid("alf_matmul", (n + TILE - 1) / TILE, (m + TILE - 1) / TILE, batch, TILE, TILE, params);
    }

    private static Pointer ints(int v) {
        return Pointer.to(new int[] {v});
    }

    /** A matrix operand as cuBLAS takes it: transposed flag and leading dimension of the stored column-major form. */
    private record Operand(Tensor t, boolean rowMajor, int ld) {
    }

    /** The operand in a layout cuBLAS accepts, copying it to contiguous memory when its strides fit none. */
    private Operand layoutOrCopy(Tensor t) {
        int rows = t.shape()[1];
        int cols = t.shape()[2];
        int rs = t.strides()[1];
        int cs = t.strides()[2];
        if ((cs == 1 || cols == 1) && (rows == 1 || rs >= cols) && rs > 0) {
            return new Operand(t, true, rows == 1 ? Math.max(cols, 1) : rs);
        }
        if ((rs == 1 || rows == 1) && (cols == 1 || cs >= rows) && cs > 0) {
            return new Operand(t, false, cols == 1 ? Math.max(rows, 1) : cs);
        }
        Tensor c = Tensor.rawView(backend.allocate(t.dtype(), t.numel()), t.shape(),
                alf.tensor.Shapes.contiguousStrides(t.shape()), 0);
        backend.copy(t, c);
        return new Operand(c, true, cols);
    }

    /** outᵀ (N×M, ldc = N) = op(b) (N×K) · op(a) (K×M), batched with the operands' batch strides. */
    private void cublas(Operand a, Operand b, Tensor out, int batch, int m, int n, int k) {
        backend.gpu().makeCurrent();
        int opB = b.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
        int opA = a.rowMajor() ? cublasOperation.CUBLAS_OP_N : cublasOperation.CUBLAS_OP_T;
        int item = out.dtype().itemSize();
        Pointer pa = ((CudaStorage) a.t().storage()).pointer().withByteOffset((long) a.t().offset() * item);
        Pointer pb = ((CudaStorage) b.t().storage()).pointer().withByteOffset((long) b.t().offset() * item);
        Pointer pc = ((CudaStorage) out.storage()).pointer().withByteOffset((long) out.offset() * item);
        long strideA = batch == 1 ? 0 : a.t().strides()[0];
        long strideB = batch == 1 ? 0 : b.t().strides()[0];
        long strideC = (long) m * n;
        if (out.dtype() == DType.FLOAT32) {
            JCublas2.cublasSgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new float[] {1f}), pb, b.ld(),
                    strideB, pa, a.ld(), strideA, Pointer.to(new float[] {0f}), pc, n, strideC, batch);
        } else {
            JCublas2.cublasDgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new double[] {1}), pb, b.ld(),
                    strideB, pa, a.ld(), strideA, Pointer.to(new double[] {0}), pc, n, strideC, batch);
        }
    }
}
