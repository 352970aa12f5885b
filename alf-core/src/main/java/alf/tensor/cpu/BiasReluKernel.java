package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;

/**
 * The CPU's fused bias + ReLU ({@link alf.tensor.Backend#biasRelu}) and its backward
 * ({@link alf.tensor.Backend#reluBackwardBiasSum}), row by row, with the float operations of the separate kernels
 * (the float sum, then ReLU; ReLU's gradient, then the row added into the column sums in double, in row order, as
 * {@link CpuBackend#reduce} sums), so the bits equal theirs while the tensor is read and written once. float32 runs
 * on {@link BiasReluVectors} where the Vector API is present.
 */
final class BiasReluKernel {
    /** Per-thread column sums of the backward (grown on demand), so a call allocates no array. */
    private static final ThreadLocal<double[]> COLUMN_SUMS = ThreadLocal.withInitial(() -> new double[0]);

    private BiasReluKernel() {
    }

    /** A contiguous CPU tensor of {@code dtype}, float32 or float64 (checked one by one: no array per call). */
    private static boolean fits(DType dtype, Tensor t) {
        return (dtype == DType.FLOAT32 || dtype == DType.FLOAT64) && t.storage() instanceof CpuStorage
                && t.dtype() == dtype && t.isContiguous();
    }

    private static CpuStorage cpu(Tensor t) {
        return (CpuStorage) t.storage();
    }

    /** relu of one float32 value as {@link UnaryOp#RELU} defines it (NaN passes, −0 and negatives become +0). */
    static float relu(float v) {
        return v > 0f ? v : (v != v ? v : 0f);
    }

    /**
     * {@code o[r, j] = relu(z[r, j] + b[j])} for {@code rows} rows of {@code n}, row {@code r} of z at
     * {@code zo + r*zRs} and of o at {@code oo + r*oRs} (o may be z): the float32 forward and the epilogue of
     * {@link Gemm#sgemmBiasRelu}, on the Vector API when present, else the float sum and ReLU element by element.
     */
    static void floatRows(float[] z, int zo, int zRs, float[] b, int bo, float[] o, int oo, int oRs, int rows, int n) {
        if (VectorSupport.AVAILABLE) {
            BiasReluVectors.forward(z, zo, zRs, b, bo, o, oo, oRs, rows, n);
            return;
        }
        for (int r = 0; r < rows; r++, zo += zRs, oo += oRs) {
            for (int j = 0; j < n; j++) {
                o[oo + j] = relu(z[zo + j] + b[bo + j]);
            }
        }
    }

    /**
     * {@code sums[j] += x[r, j]} (float widened to double) for {@code rows} rows of {@code n} at {@code off}, row after
     * row: column sums in the order {@link CpuBackend#reduce} adds. A plain loop: a Vector API float-to-double
     * conversion is not compiled to SIMD on JDK 17 (it boxed every vector inside the SAC update).
     */
    static void addRows(float[] x, int off, int rows, int n, double[] sums) {
        for (int r = 0; r < rows; r++, off += n) {
            for (int j = 0; j < n; j++) {
                sums[j] += x[off + j];
            }
        }
    }

    /** out = relu(z + bias) for contiguous float32/float64 tensors; false (nothing written) otherwise. */
    static boolean forward(Tensor z, Tensor bias, Tensor out) {
        if (!fits(z.dtype(), z) || !fits(z.dtype(), bias) || !fits(z.dtype(), out)) {
            return false;
        }
        int n = bias.numel();
        int rows = z.numel() / n;
        int zo = z.offset();
        int bo = bias.offset();
        int oo = out.offset();
        if (z.dtype() == DType.FLOAT32) {
            float[] za = cpu(z).floats();
            float[] ba = cpu(bias).floats();
            floatRows(za, zo, n, ba, bo, cpu(out).floats(), oo, n, rows, n);
        } else {
            double[] za = cpu(z).doubles();
            double[] ba = cpu(bias).doubles();
            double[] oa = cpu(out).doubles();
            for (int r = 0; r < rows; r++, zo += n, oo += n) {
                doubleRow(BinaryOp.ADD, za, zo, ba, bo, oa, oo, n);
                for (int j = oo; j < oo + n; j++) {
                    oa[j] = UnaryOp.RELU.apply(oa[j]);
                }
            }
        }
        return true;
    }

    /**
     * gz = (y > 0 ? g : 0) and biasGrad = its column sums (in double, row by row, rounded once) for contiguous
     * float32/float64 tensors; false (nothing written) otherwise.
     */
    static boolean backward(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        if (!fits(y.dtype(), g) || !fits(y.dtype(), y) || !fits(y.dtype(), gz) || !fits(y.dtype(), biasGrad)) {
            return false;
        }
        int n = biasGrad.numel();
        int rows = gz.numel() / n;
        double[] sums = COLUMN_SUMS.get();
        if (sums.length < n) {
            sums = new double[n];
            COLUMN_SUMS.set(sums);
        }
        java.util.Arrays.fill(sums, 0, n, 0.0);
        int go = g.offset();
        int yo = y.offset();
        int zo = gz.offset();
        if (y.dtype() == DType.FLOAT32) {
            float[] ga = cpu(g).floats();
            float[] ya = cpu(y).floats();
            float[] za = cpu(gz).floats();
            if (VectorSupport.AVAILABLE) {
                BiasReluVectors.backward(ga, go, ya, yo, za, zo, sums, rows, n);
            } else {
                for (int r = 0; r < rows; r++, go += n, yo += n, zo += n) {
                    FloatKernels.binary(BinaryOp.RELU_BACKWARD, ga, go, 1, ya, yo, 1, za, zo, 1, n);
                    addRows(za, zo, 1, n, sums);
                }
            }
        } else {
            double[] ga = cpu(g).doubles();
            double[] ya = cpu(y).doubles();
            double[] za = cpu(gz).doubles();
            for (int r = 0; r < rows; r++, go += n, yo += n, zo += n) {
                doubleRow(BinaryOp.RELU_BACKWARD, ga, go, ya, yo, za, zo, n);
                for (int j = 0; j < n; j++) {
                    sums[j] += za[zo + j];
                }
            }
        }
        CpuStorage out = cpu(biasGrad);
        for (int j = 0; j < n; j++) {
            out.setDouble(biasGrad.offset() + j, sums[j]);
        }
        return true;
    }

    /** One contiguous float64 row of a binary op, as {@link CpuBackend#binary} runs it. */
    private static void doubleRow(BinaryOp op, double[] a, int ia, double[] b, int ib, double[] o, int io, int n) {
        if (VectorSupport.AVAILABLE && VectorKernels.binary(op, a, ia, 1, b, ib, 1, o, io, 1, n)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            o[io + i] = op.apply(a[ia + i], b[ib + i]);
        }
    }
}
