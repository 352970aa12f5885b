package alf.tensor.cpu;

/**
 * The GEMM kernels {@link Gemm} runs when the Vector API is absent ({@link VectorSupport}): plain loops that follow
 * the vector kernels' arithmetic. Each path keeps its formula:
 * <ul>
 *   <li>packed and small-k paths: {@code C[i][j] = fma(A[i][k-1], B[k-1][j], ... fma(A[i][0], B[0][j], c0))} with
 *       {@code c0 = C[i][j]} when accumulating, else 0 — one chain of fused multiply-adds in increasing {@code p},
 *       exactly as every lane of the micro-kernels computes it, so results are bit-identical;</li>
 *   <li>matrix-vector paths: {@code y[i] (=|+=) d} with {@code d} the fused multiply-add chain over {@code p}.
 *       This is bit-identical to the vector axpy form (contiguous columns) and to the strided form; the vector dot
 *       form (contiguous rows) sums one partial chain per vector lane and adds the lanes at the end, so there the
 *       two differ by float rounding only (the lane count is a property of the vector hardware).</li>
 * </ul>
 */
final class ScalarGemm {
    /** Row unit of the thread split (any value gives the same results). */
    static final int MR = 6;
    /** Column unit of the thread split. */
    static final int NR = 16;

    private ScalarGemm() {
    }

    /** One block of a float32 product along {@code path} (see the class comment). */
    static void sgemmBlock(int path, int m, int n, int k,
                           float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        boolean gemv = path == Gemm.PATH_GEMV_COLUMN || path == Gemm.PATH_GEMV_ROW;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                float acc = accumulate && !gemv ? c[ci] : 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], acc);
                }
                c[ci] = accumulate && gemv ? c[ci] + acc : acc;
            }
        }
    }

    /** One block of a float64 product along {@code path} (see the class comment). */
    static void dgemmBlock(int path, int m, int n, int k,
                           double[] a, int aOff, int aRs, int aCs,
                           double[] b, int bOff, int bRs, int bCs,
                           double[] c, int cOff, int ldc, boolean accumulate) {
        boolean gemv = path == Gemm.PATH_GEMV_COLUMN || path == Gemm.PATH_GEMV_ROW;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                double acc = accumulate && !gemv ? c[ci] : 0.0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], acc);
                }
                c[ci] = accumulate && gemv ? c[ci] + acc : acc;
            }
        }
    }
}
