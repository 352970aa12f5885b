package alf.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply on heap arrays (float32 and float64), the CPU kernel behind matmul and Linear.
 *
 * <p>Computes {@code C[m x n] = A[m x k] · B[k x n]} (or {@code C += A·B} when {@code accumulate}), i.e.
 * {@code C[i][j] (=|+=) Σ_{p<k} A[i][p] · B[p][j]}. Element {@code A[i][p]} is {@code a[aOff + i*aRowStride +
 * p*aColStride]} and likewise for {@code B}, so transposed, sliced and broadcast (stride 0) views are read in
 * place; {@code C[i][j]} is {@code c[cOff + i*ldc + j]} (row-major, leading dimension {@code ldc >= n}).
 * Strides may be any integers (negative and zero included) as long as every addressed element lies inside its
 * array; {@code C} must not overlap {@code A} or {@code B}.
 *
 * <p><b>Blocking scheme</b> (Goto and van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008): the loops over {@code n}, {@code k} and {@code m} are tiled by {@code NC}, {@code KC}
 * and {@code MC}. For each {@code (jc, pc)} a {@code KC x NC} panel of {@code B} is packed into {@code NR}-wide
 * column slivers (kept in L2/L3); for each {@code ic} an {@code MC x KC} block of {@code A} is packed into
 * {@code MR}-tall row slivers (kept in L2). A register-blocked micro-kernel then updates one {@code MR x NR}
 * tile of {@code C} held entirely in vector registers: per step {@code p} it loads {@code NR/lanes} vectors of
 * the {@code B} sliver, broadcasts {@code MR} scalars of the {@code A} sliver and issues {@code MR·NR/lanes}
 * fused multiply-adds. {@code NR} is two vectors of {@link FloatVector#SPECIES_PREFERRED} (32 floats with
 * AVX-512, 16 with AVX2) and {@code MR} is 8 with 512-bit vectors (16 accumulators of the 32 registers), 6 with
 * narrower ones (12 of 16). Edge tiles are computed through a zero-padded scratch tile.
 * Packing buffers are thread-local and reused, so the hot path allocates nothing once warmed up.
 *
 * <p>Shapes where packing would dominate take dedicated paths: matrix-vector products ({@code n == 1} or
 * {@code m == 1}) use dot-product or axpy forms depending on which operand is contiguous, and products with a
 * small inner dimension ({@code k <= }{@value #SMALL_K}) skip the B panel: the micro-kernel reads B's rows in
 * place and only one {@code MR x k} sliver of A is packed at a time.
 *
 * <p><b>Threads and determinism.</b> Products with {@code m·n·k} at least {@link #parallelThreshold()} are
 * split over up to {@link #maxThreads()} threads (the caller plus a fixed team of daemon threads, one per
 * further core) by partitioning {@code C} into row or column blocks; handing out the blocks allocates nothing. The sum over {@code k} is never split across threads: the
 * packed and small-k paths accumulate each element as one chain of fused multiply-adds in increasing {@code p}
 * (a k-block boundary only stores and reloads the partial sum, which is exact), and the matrix-vector paths
 * compute each output element within one thread. The path is chosen from the whole shape before any split, so
 * results are bit-identical whatever the thread count or threshold.
 *
 * <p>The float64 section is generated from the float32 section by {@code GemmDoubleGenerator} (test sources): edit
 * float32, then regenerate; {@code GemmSourceTest} fails while the two disagree.
 */
public final class Gemm {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FV = FS.length();
    private static final int DV = DS.length();

    /**
     * Rows of the register tile: 8 when vectors are 512 bits (2 x 8 accumulators + 2 B vectors + 1 broadcast fit
     * the 32 AVX-512 registers), 6 otherwise (2 x 6 + 3 fit the 16 registers of AVX2).
     */
    static final int MR = FS.vectorBitSize() >= 512 ? 8 : 6;
    /** Columns of the register tile: two vectors. */
    private static final int F_NR = 2 * FV;
    private static final int D_NR = 2 * DV;

    /** Largest k-block; k is split into equal blocks no larger than this (the split depends on k only). */
    private static final int F_KC = 256;
    private static final int D_KC = 256;
    /** Rows of A packed per block (multiple of MR). */
    private static final int F_MC = 16 * MR;
    private static final int D_MC = 16 * MR;
    /** Columns of B packed per panel (multiple of NR). */
    private static final int F_NC = 64 * F_NR;
    private static final int D_NC = 64 * D_NR;

    /** Inner dimensions up to this skip packing B (the micro-kernel reads B's rows in place); measured. */
    public static final int SMALL_K = 16;

    /** Default m·n·k from which products are split across threads (measured; see the benchmarks). */
    public static final long DEFAULT_PARALLEL_THRESHOLD = 1L << 23;

    private static volatile long parallelThreshold = DEFAULT_PARALLEL_THRESHOLD;
    private static volatile int maxThreads = Runtime.getRuntime().availableProcessors();

    private static final ThreadLocal<FloatWork> FLOAT_WORK = ThreadLocal.withInitial(FloatWork::new);
    private static final ThreadLocal<DoubleWork> DOUBLE_WORK = ThreadLocal.withInitial(DoubleWork::new);

    private Gemm() {
    }

    // ------------------------------------------------------------------------------------------------------
    // Configuration
    // ------------------------------------------------------------------------------------------------------

    /** The m·n·k from which a product is split across threads. */
    public static long parallelThreshold() {
        return parallelThreshold;
    }

    /**
     * Sets the m·n·k from which a product is split across threads ({@code Long.MAX_VALUE} disables threading,
     * {@code 0} threads every product the partition allows). Results do not depend on this setting.
     */
    public static void setParallelThreshold(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("parallelThreshold must be >= 0, got " + threshold);
        }
        parallelThreshold = threshold;
    }

    /** The largest number of threads (caller included) one product uses. */
    public static int maxThreads() {
        return maxThreads;
    }

    /** Sets the largest number of threads (caller included) one product uses; results do not depend on it. */
    public static void setMaxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("maxThreads must be >= 1, got " + threads);
        }
        maxThreads = threads;
    }

    // ------------------------------------------------------------------------------------------------------
    // float32
    // ------------------------------------------------------------------------------------------------------

    /**
     * {@code C[m x n] (=|+=) A[m x k] · B[k x n]} in float32 (products and sums rounded to float, fused
     * multiply-add); see the class documentation for addressing, blocking and threading.
     *
     * @param accumulate {@code true}: {@code C += A·B}; {@code false}: {@code C = A·B} (old contents ignored)
     * @throws IllegalArgumentException on negative sizes, {@code ldc < n}, elements outside an array, or
     *                                  {@code C} overlapping {@code A} or {@code B}
     */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRowStride, int aColStride,
                             float[] b, int bOff, int bRowStride, int bColStride,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        checkSizes(m, n, k, ldc);
        checkOperand("a", a == null ? -1 : a.length, aOff, m, k, aRowStride, aColStride);
        checkOperand("b", b == null ? -1 : b.length, bOff, k, n, bRowStride, bColStride);
        checkOperand("c", c == null ? -1 : c.length, cOff, m, n, ldc, 1);
        if (c == a) {
            checkNoOverlap("a", aOff, m, k, aRowStride, aColStride, cOff, m, n, ldc);
        }
        if (c == b) {
            checkNoOverlap("b", bOff, k, n, bRowStride, bColStride, cOff, m, n, ldc);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        // The path is chosen from the whole shape, before any split, so threads never change the arithmetic.
        int path = choosePath(m, n, k);
        int parts = partsFor(m, n, k, F_NR);
        if (parts <= 1 || !Team.INSTANCE.tryRun(parts, m, n, F_NR, path, k, a, aOff, aRowStride, aColStride,
                b, bOff, bRowStride, bColStride, c, cOff, ldc, accumulate)) {
            sgemmBlock(path, m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, ldc, accumulate);
        }
    }

    /** Computes one block of C (the whole product or one thread's share) along the given path. */
    private static void sgemmBlock(int path, int m, int n, int k,
                                   float[] a, int aOff, int aRs, int aCs,
                                   float[] b, int bOff, int bRs, int bCs,
                                   float[] c, int cOff, int ldc, boolean accumulate) {
        switch (path) {
            case PATH_GEMV_COLUMN -> sgemv(m, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, accumulate);
            case PATH_GEMV_ROW -> sgemv(n, k, b, bOff, bCs, bRs, a, aOff, aCs, c, cOff, 1, accumulate);
            case PATH_SMALL_K -> sgemmSmallK(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc,
                    accumulate);
            default -> sgemmPacked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /** Sequential packed GEMM (Goto's five loops around the micro-kernel). */
    private static void sgemmPacked(int m, int n, int k,
                                    float[] a, int aOff, int aRs, int aCs,
                                    float[] b, int bOff, int bRs, int bCs,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        FloatWork w = FLOAT_WORK.get();
        int kBlocks = (k + F_KC - 1) / F_KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(F_NC, roundUp(n, F_NR));
        int mcMax = Math.min(F_MC, roundUp(m, MR));
        float[] packA = w.packA(mcMax * kcMax);
        float[] packB = w.packB(ncMax * kcMax);
        float[] tile = w.tile;
        for (int jc = 0; jc < n; jc += F_NC) {
            int nc = Math.min(F_NC, n - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) kb * k / kBlocks);
                int kc = (int) ((long) (kb + 1) * k / kBlocks) - pc;
                packBFloat(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, packB);
                boolean load = accumulate || kb > 0;
                for (int ic = 0; ic < m; ic += F_MC) {
                    int mc = Math.min(F_MC, m - ic);
                    packAFloat(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, packA);
                    macroKernelFloat(mc, nc, kc, packA, packB, c, cOff + ic * ldc + jc, ldc, load, tile);
                }
            }
        }
    }

    /** Packs A[0..mc) x [0..kc) into MR-row slivers: sliver s holds A[s*MR + r][p] at s*MR*kc + p*MR + r. */
    private static void packAFloat(int mc, int kc, float[] a, int off, int rs, int cs, float[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int rows = Math.min(MR, mc - i0);
            int base = i0 * kc;
            if (rows == MR && rs == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, off + i0 + p * cs, dst, base + p * MR, MR);
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = off + (i0 + r) * rs;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR] = a[src + p * cs];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + r + p * MR] = 0f;
                    }
                }
            }
        }
    }

    /** Packs B[0..kc) x [0..nc) into NR-column slivers: sliver s holds B[p][s*NR + j] at s*NR*kc + p*NR + j. */
    private static void packBFloat(int kc, int nc, float[] b, int off, int rs, int cs, float[] dst) {
        for (int j0 = 0; j0 < nc; j0 += F_NR) {
            int cols = Math.min(F_NR, nc - j0);
            int base = j0 * kc;
            if (cols == F_NR && cs == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * rs + j0;
                    int d = base + p * F_NR;
                    FloatVector.fromArray(FS, b, src).intoArray(dst, d);
                    FloatVector.fromArray(FS, b, src + FV).intoArray(dst, d + FV);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = off + (j0 + j) * cs;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * F_NR] = b[src + p * rs];
                    }
                }
                for (int j = cols; j < F_NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + j + p * F_NR] = 0f;
                    }
                }
            }
        }
    }

    private static void macroKernelFloat(int mc, int nc, int kc, float[] packA, float[] packB,
                                         float[] c, int cOff, int ldc, boolean load, float[] tile) {
        for (int j0 = 0; j0 < nc; j0 += F_NR) {
            int cols = Math.min(F_NR, nc - j0);
            int bIdx = j0 * kc;
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int rows = Math.min(MR, mc - i0);
                int aIdx = i0 * kc;
                int cIdx = cOff + i0 * ldc + j0;
                if (rows == MR && cols == F_NR) {
                    microKernelFloat(kc, packA, aIdx, packB, bIdx, F_NR, c, cIdx, ldc, load);
                } else {
                    // Edge tile: same arithmetic through a scratch tile (C copied in first when accumulating).
                    if (load) {
                        for (int r = 0; r < MR; r++) {
                            for (int j = 0; j < F_NR; j++) {
                                tile[r * F_NR + j] = r < rows && j < cols ? c[cIdx + r * ldc + j] : 0f;
                            }
                        }
                    }
                    microKernelFloat(kc, packA, aIdx, packB, bIdx, F_NR, tile, 0, F_NR, load);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * F_NR, c, cIdx + r * ldc, cols);
                    }
                }
            }
        }
    }

    /**
     * {@code C[0..MR) x [0..NR) (= or +=) Σ_p a[p] ⊗ b[p]} held in registers, where {@code a[p]} is the MR values
     * at {@code pa[aIdx + p*MR]} (a packed A sliver) and {@code b[p]} the NR values at {@code pb[bIdx + p*ldb]}
     * (a packed B sliver with {@code ldb = NR}, or B's own contiguous rows).
     */
    private static void microKernelFloat(int kc, float[] pa, int aIdx, float[] pb, int bIdx, int ldb,
                                         float[] c, int cIdx, int ldc, boolean load) {
        if (MR == 8) {
            microKernel8Float(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        } else {
            microKernel6Float(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        }
    }

    /** The 8-row micro-kernel (512-bit vectors). */
    private static void microKernel8Float(int kc, float[] pa, int aIdx, float[] pb, int bIdx, int ldb,
                                          float[] c, int cIdx, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cIdx);
            c01 = FloatVector.fromArray(FS, c, cIdx + FV);
            c10 = FloatVector.fromArray(FS, c, cIdx + ldc);
            c11 = FloatVector.fromArray(FS, c, cIdx + ldc + FV);
            c20 = FloatVector.fromArray(FS, c, cIdx + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cIdx + 2 * ldc + FV);
            c30 = FloatVector.fromArray(FS, c, cIdx + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, cIdx + 3 * ldc + FV);
            c40 = FloatVector.fromArray(FS, c, cIdx + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, cIdx + 4 * ldc + FV);
            c50 = FloatVector.fromArray(FS, c, cIdx + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, cIdx + 5 * ldc + FV);
            c60 = FloatVector.fromArray(FS, c, cIdx + 6 * ldc);
            c61 = FloatVector.fromArray(FS, c, cIdx + 6 * ldc + FV);
            c70 = FloatVector.fromArray(FS, c, cIdx + 7 * ldc);
            c71 = FloatVector.fromArray(FS, c, cIdx + 7 * ldc + FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 8;
            FloatVector b0 = FloatVector.fromArray(FS, pb, bi);
            FloatVector b1 = FloatVector.fromArray(FS, pb, bi + FV);
            FloatVector av = FloatVector.broadcast(FS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(FS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(FS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(FS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(FS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(FS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(FS, pa[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(FS, pa[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + FV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + FV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + FV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + FV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + FV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + FV);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + FV);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + FV);
    }

    /** The 6-row micro-kernel (vectors of 256 bits or less). */
    private static void microKernel6Float(int kc, float[] pa, int aIdx, float[] pb, int bIdx, int ldb,
                                          float[] c, int cIdx, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, cIdx);
            c01 = FloatVector.fromArray(FS, c, cIdx + FV);
            c10 = FloatVector.fromArray(FS, c, cIdx + ldc);
            c11 = FloatVector.fromArray(FS, c, cIdx + ldc + FV);
            c20 = FloatVector.fromArray(FS, c, cIdx + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, cIdx + 2 * ldc + FV);
            c30 = FloatVector.fromArray(FS, c, cIdx + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, cIdx + 3 * ldc + FV);
            c40 = FloatVector.fromArray(FS, c, cIdx + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, cIdx + 4 * ldc + FV);
            c50 = FloatVector.fromArray(FS, c, cIdx + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, cIdx + 5 * ldc + FV);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 6;
            FloatVector b0 = FloatVector.fromArray(FS, pb, bi);
            FloatVector b1 = FloatVector.fromArray(FS, pb, bi + FV);
            FloatVector av = FloatVector.broadcast(FS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(FS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(FS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(FS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(FS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(FS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + FV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + FV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + FV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + FV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + FV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + FV);
    }

    /**
     * Small inner dimension: {@code C[i][j] (=|+=) Σ_{p<k} A[i][p]·B[p][j]} with only A packed (one MR x k sliver
     * at a time) and the micro-kernel reading B's rows in place; B is first copied row-major if its rows are not
     * contiguous. Leftover rows and columns go through vector/scalar row loops.
     */
    private static void sgemmSmallK(int m, int n, int k,
                                    float[] a, int aOff, int aRs, int aCs,
                                    float[] b, int bOff, int bRs, int bCs,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        FloatWork w = FLOAT_WORK.get();
        if (bCs != 1) {
            float[] copy = w.packB(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    copy[p * n + j] = b[bOff + p * bRs + j * bCs];
                }
            }
            b = copy;
            bOff = 0;
            bRs = n;
        }
        float[] sliver = w.packA(MR * k);
        int nFull = n - n % F_NR;
        int nVec = n - n % FV;
        int i0 = 0;
        for (; i0 + MR <= m; i0 += MR) {
            packAFloat(MR, k, a, aOff + i0 * aRs, aRs, aCs, sliver);
            int cRow = cOff + i0 * ldc;
            for (int j = 0; j < nFull; j += F_NR) {
                microKernelFloat(k, sliver, 0, b, bOff + j, bRs, c, cRow + j, ldc, accumulate);
            }
            if (nFull < n) {
                for (int r = 0; r < MR; r++) {
                    smallKRowTailFloat(k, n, nFull, nVec, a, aOff + (i0 + r) * aRs, aCs, b, bOff, bRs,
                            c, cRow + r * ldc, accumulate);
                }
            }
        }
        for (; i0 < m; i0++) {
            smallKRowTailFloat(k, n, 0, nVec, a, aOff + i0 * aRs, aCs, b, bOff, bRs, c, cOff + i0 * ldc,
                    accumulate);
        }
    }

    /** One row of the small-k path from column {@code j}: single vectors up to {@code nVec}, then scalars. */
    private static void smallKRowTailFloat(int k, int n, int j, int nVec, float[] a, int aRow, int aCs,
                                           float[] b, int bOff, int bRs, float[] c, int cRow, boolean accumulate) {
        for (; j < nVec; j += FV) {
            FloatVector acc = accumulate ? FloatVector.fromArray(FS, c, cRow + j) : FloatVector.zero(FS);
            for (int p = 0; p < k; p++) {
                acc = FloatVector.broadcast(FS, a[aRow + p * aCs])
                        .fma(FloatVector.fromArray(FS, b, bOff + p * bRs + j), acc);
            }
            acc.intoArray(c, cRow + j);
        }
        for (; j < n; j++) {
            float acc = accumulate ? c[cRow + j] : 0f;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(a[aRow + p * aCs], b[bOff + p * bRs + j], acc);
            }
            c[cRow + j] = acc;
        }
    }

    /**
     * Matrix-vector product {@code y[i] (=|+=) Σ_{p<cols} M[i][p]·x[p]} for {@code i < rows}, with
     * {@code M[i][p] = m[mOff + i*mRs + p*mCs]}, {@code x[p] = x[xOff + p*xs]}, {@code y[i] = y[yOff + i*ys]}.
     * Contiguous rows: vectorised dot products, four rows at a time; contiguous columns: vectorised axpy over
     * columns into a scratch vector; otherwise scalar.
     */
    private static void sgemv(int rows, int cols, float[] mat, int mOff, int mRs, int mCs,
                              float[] x, int xOff, int xs, float[] y, int yOff, int ys, boolean accumulate) {
        FloatWork w = FLOAT_WORK.get();
        if (mCs == 1 && cols >= FV) {
            if (xs != 1) {
                float[] xc = w.vec(cols);
                for (int p = 0; p < cols; p++) {
                    xc[p] = x[xOff + p * xs];
                }
                x = xc;
                xOff = 0;
            }
            int pVec = cols - cols % FV;
            int i = 0;
            for (; i + 4 <= rows; i += 4) {
                int r0 = mOff + i * mRs;
                int r1 = r0 + mRs;
                int r2 = r1 + mRs;
                int r3 = r2 + mRs;
                FloatVector s0 = FloatVector.zero(FS);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int p = 0; p < pVec; p += FV) {
                    FloatVector xv = FloatVector.fromArray(FS, x, xOff + p);
                    s0 = FloatVector.fromArray(FS, mat, r0 + p).fma(xv, s0);
                    s1 = FloatVector.fromArray(FS, mat, r1 + p).fma(xv, s1);
                    s2 = FloatVector.fromArray(FS, mat, r2 + p).fma(xv, s2);
                    s3 = FloatVector.fromArray(FS, mat, r3 + p).fma(xv, s3);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD);
                float d1 = s1.reduceLanes(VectorOperators.ADD);
                float d2 = s2.reduceLanes(VectorOperators.ADD);
                float d3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = pVec; p < cols; p++) {
                    float xp = x[xOff + p];
                    d0 = Math.fma(mat[r0 + p], xp, d0);
                    d1 = Math.fma(mat[r1 + p], xp, d1);
                    d2 = Math.fma(mat[r2 + p], xp, d2);
                    d3 = Math.fma(mat[r3 + p], xp, d3);
                }
                storeFloat(y, yOff + i * ys, d0, accumulate);
                storeFloat(y, yOff + (i + 1) * ys, d1, accumulate);
                storeFloat(y, yOff + (i + 2) * ys, d2, accumulate);
                storeFloat(y, yOff + (i + 3) * ys, d3, accumulate);
            }
            for (; i < rows; i++) {
                int r0 = mOff + i * mRs;
                FloatVector s0 = FloatVector.zero(FS);
                for (int p = 0; p < pVec; p += FV) {
                    s0 = FloatVector.fromArray(FS, mat, r0 + p).fma(FloatVector.fromArray(FS, x, xOff + p), s0);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD);
                for (int p = pVec; p < cols; p++) {
                    d0 = Math.fma(mat[r0 + p], x[xOff + p], d0);
                }
                storeFloat(y, yOff + i * ys, d0, accumulate);
            }
        } else if (mRs == 1 && rows >= FV) {
            float[] acc = w.vec(rows);
            java.util.Arrays.fill(acc, 0, rows, 0f);
            int iVec = rows - rows % FV;
            int p = 0;
            for (; p + 4 <= cols; p += 4) {
                int c0 = mOff + p * mCs;
                int c1 = c0 + mCs;
                int c2 = c1 + mCs;
                int c3 = c2 + mCs;
                FloatVector x0 = FloatVector.broadcast(FS, x[xOff + p * xs]);
                FloatVector x1 = FloatVector.broadcast(FS, x[xOff + (p + 1) * xs]);
                FloatVector x2 = FloatVector.broadcast(FS, x[xOff + (p + 2) * xs]);
                FloatVector x3 = FloatVector.broadcast(FS, x[xOff + (p + 3) * xs]);
                for (int i = 0; i < iVec; i += FV) {
                    FloatVector s = FloatVector.fromArray(FS, acc, i);
                    s = FloatVector.fromArray(FS, mat, c0 + i).fma(x0, s);
                    s = FloatVector.fromArray(FS, mat, c1 + i).fma(x1, s);
                    s = FloatVector.fromArray(FS, mat, c2 + i).fma(x2, s);
                    s = FloatVector.fromArray(FS, mat, c3 + i).fma(x3, s);
                    s.intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    float s = acc[i];
                    s = Math.fma(mat[c0 + i], x[xOff + p * xs], s);
                    s = Math.fma(mat[c1 + i], x[xOff + (p + 1) * xs], s);
                    s = Math.fma(mat[c2 + i], x[xOff + (p + 2) * xs], s);
                    s = Math.fma(mat[c3 + i], x[xOff + (p + 3) * xs], s);
                    acc[i] = s;
                }
            }
            for (; p < cols; p++) {
                int c0 = mOff + p * mCs;
                float xp = x[xOff + p * xs];
                FloatVector x0 = FloatVector.broadcast(FS, xp);
                for (int i = 0; i < iVec; i += FV) {
                    FloatVector.fromArray(FS, mat, c0 + i).fma(x0, FloatVector.fromArray(FS, acc, i))
                            .intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    acc[i] = Math.fma(mat[c0 + i], xp, acc[i]);
                }
            }
            for (int i = 0; i < rows; i++) {
                storeFloat(y, yOff + i * ys, acc[i], accumulate);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                int r = mOff + i * mRs;
                float s = 0f;
                for (int p = 0; p < cols; p++) {
                    s = Math.fma(mat[r + p * mCs], x[xOff + p * xs], s);
                }
                storeFloat(y, yOff + i * ys, s, accumulate);
            }
        }
    }

    private static void storeFloat(float[] y, int idx, float v, boolean accumulate) {
        y[idx] = accumulate ? y[idx] + v : v;
    }

    /** Per-thread reusable packing buffers for float32; they only grow. */
    private static final class FloatWork {
        final float[] tile = new float[MR * F_NR];
        private float[] packA = new float[0];
        private float[] packB = new float[0];
        private float[] vec = new float[0];

        float[] packA(int size) {
            if (packA.length < size) {
                packA = new float[size];
            }
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) {
                packB = new float[size];
            }
            return packB;
        }

        float[] vec(int size) {
            if (vec.length < size) {
                vec = new float[size];
            }
            return vec;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // float64
    // ------------------------------------------------------------------------------------------------------

    /**
     * {@code C[m x n] (=|+=) A[m x k] · B[k x n]} in float64 (products and sums rounded to double, fused
     * multiply-add); see the class documentation for addressing, blocking and threading.
     *
     * @param accumulate {@code true}: {@code C += A·B}; {@code false}: {@code C = A·B} (old contents ignored)
     * @throws IllegalArgumentException on negative sizes, {@code ldc < n}, elements outside an array, or
     *                                  {@code C} overlapping {@code A} or {@code B}
     */
    public static void dgemm(int m, int n, int k,
                             double[] a, int aOff, int aRowStride, int aColStride,
                             double[] b, int bOff, int bRowStride, int bColStride,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        checkSizes(m, n, k, ldc);
        checkOperand("a", a == null ? -1 : a.length, aOff, m, k, aRowStride, aColStride);
        checkOperand("b", b == null ? -1 : b.length, bOff, k, n, bRowStride, bColStride);
        checkOperand("c", c == null ? -1 : c.length, cOff, m, n, ldc, 1);
        if (c == a) {
            checkNoOverlap("a", aOff, m, k, aRowStride, aColStride, cOff, m, n, ldc);
        }
        if (c == b) {
            checkNoOverlap("b", bOff, k, n, bRowStride, bColStride, cOff, m, n, ldc);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0d);
                }
            }
            return;
        }
        // The path is chosen from the whole shape, before any split, so threads never change the arithmetic.
        int path = choosePath(m, n, k);
        int parts = partsFor(m, n, k, D_NR);
        if (parts <= 1 || !Team.INSTANCE.tryRun(parts, m, n, D_NR, path, k, a, aOff, aRowStride, aColStride,
                b, bOff, bRowStride, bColStride, c, cOff, ldc, accumulate)) {
            dgemmBlock(path, m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, ldc, accumulate);
        }
    }

    /** Computes one block of C (the whole product or one thread's share) along the given path. */
    private static void dgemmBlock(int path, int m, int n, int k,
                                   double[] a, int aOff, int aRs, int aCs,
                                   double[] b, int bOff, int bRs, int bCs,
                                   double[] c, int cOff, int ldc, boolean accumulate) {
        switch (path) {
            case PATH_GEMV_COLUMN -> dgemv(m, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, accumulate);
            case PATH_GEMV_ROW -> dgemv(n, k, b, bOff, bCs, bRs, a, aOff, aCs, c, cOff, 1, accumulate);
            case PATH_SMALL_K -> dgemmSmallK(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc,
                    accumulate);
            default -> dgemmPacked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /** Sequential packed GEMM (Goto's five loops around the micro-kernel). */
    private static void dgemmPacked(int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        int kBlocks = (k + D_KC - 1) / D_KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.min(D_NC, roundUp(n, D_NR));
        int mcMax = Math.min(D_MC, roundUp(m, MR));
        double[] packA = w.packA(mcMax * kcMax);
        double[] packB = w.packB(ncMax * kcMax);
        double[] tile = w.tile;
        for (int jc = 0; jc < n; jc += D_NC) {
            int nc = Math.min(D_NC, n - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) kb * k / kBlocks);
                int kc = (int) ((long) (kb + 1) * k / kBlocks) - pc;
                packBDouble(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, packB);
                boolean load = accumulate || kb > 0;
                for (int ic = 0; ic < m; ic += D_MC) {
                    int mc = Math.min(D_MC, m - ic);
                    packADouble(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, packA);
                    macroKernelDouble(mc, nc, kc, packA, packB, c, cOff + ic * ldc + jc, ldc, load, tile);
                }
            }
        }
    }

    /** Packs A[0..mc) x [0..kc) into MR-row slivers: sliver s holds A[s*MR + r][p] at s*MR*kc + p*MR + r. */
    private static void packADouble(int mc, int kc, double[] a, int off, int rs, int cs, double[] dst) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int rows = Math.min(MR, mc - i0);
            int base = i0 * kc;
            if (rows == MR && rs == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, off + i0 + p * cs, dst, base + p * MR, MR);
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = off + (i0 + r) * rs;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR] = a[src + p * cs];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + r + p * MR] = 0d;
                    }
                }
            }
        }
    }

    /** Packs B[0..kc) x [0..nc) into NR-column slivers: sliver s holds B[p][s*NR + j] at s*NR*kc + p*NR + j. */
    private static void packBDouble(int kc, int nc, double[] b, int off, int rs, int cs, double[] dst) {
        for (int j0 = 0; j0 < nc; j0 += D_NR) {
            int cols = Math.min(D_NR, nc - j0);
            int base = j0 * kc;
            if (cols == D_NR && cs == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = off + p * rs + j0;
                    int d = base + p * D_NR;
                    DoubleVector.fromArray(DS, b, src).intoArray(dst, d);
                    DoubleVector.fromArray(DS, b, src + DV).intoArray(dst, d + DV);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = off + (j0 + j) * cs;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * D_NR] = b[src + p * rs];
                    }
                }
                for (int j = cols; j < D_NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + j + p * D_NR] = 0d;
                    }
                }
            }
        }
    }

    private static void macroKernelDouble(int mc, int nc, int kc, double[] packA, double[] packB,
                                         double[] c, int cOff, int ldc, boolean load, double[] tile) {
        for (int j0 = 0; j0 < nc; j0 += D_NR) {
            int cols = Math.min(D_NR, nc - j0);
            int bIdx = j0 * kc;
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int rows = Math.min(MR, mc - i0);
                int aIdx = i0 * kc;
                int cIdx = cOff + i0 * ldc + j0;
                if (rows == MR && cols == D_NR) {
                    microKernelDouble(kc, packA, aIdx, packB, bIdx, D_NR, c, cIdx, ldc, load);
                } else {
                    // Edge tile: same arithmetic through a scratch tile (C copied in first when accumulating).
                    if (load) {
                        for (int r = 0; r < MR; r++) {
                            for (int j = 0; j < D_NR; j++) {
                                tile[r * D_NR + j] = r < rows && j < cols ? c[cIdx + r * ldc + j] : 0d;
                            }
                        }
                    }
                    microKernelDouble(kc, packA, aIdx, packB, bIdx, D_NR, tile, 0, D_NR, load);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(tile, r * D_NR, c, cIdx + r * ldc, cols);
                    }
                }
            }
        }
    }

    /**
     * {@code C[0..MR) x [0..NR) (= or +=) Σ_p a[p] ⊗ b[p]} held in registers, where {@code a[p]} is the MR values
     * at {@code pa[aIdx + p*MR]} (a packed A sliver) and {@code b[p]} the NR values at {@code pb[bIdx + p*ldb]}
     * (a packed B sliver with {@code ldb = NR}, or B's own contiguous rows).
     */
    private static void microKernelDouble(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                         double[] c, int cIdx, int ldc, boolean load) {
        if (MR == 8) {
            microKernel8Double(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        } else {
            microKernel6Double(kc, pa, aIdx, pb, bIdx, ldb, c, cIdx, ldc, load);
        }
    }

    /** The 8-row micro-kernel (512-bit vectors). */
    private static void microKernel8Double(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                          double[] c, int cIdx, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
            c60 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc);
            c61 = DoubleVector.fromArray(DS, c, cIdx + 6 * ldc + DV);
            c70 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc);
            c71 = DoubleVector.fromArray(DS, c, cIdx + 7 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00; c60 = c00; c61 = c00; c70 = c00; c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 8;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = DoubleVector.broadcast(DS, pa[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = DoubleVector.broadcast(DS, pa[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + DV);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + DV);
    }

    /** The 6-row micro-kernel (vectors of 256 bits or less). */
    private static void microKernel6Double(int kc, double[] pa, int aIdx, double[] pb, int bIdx, int ldb,
                                          double[] c, int cIdx, int ldc, boolean load) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, cIdx);
            c01 = DoubleVector.fromArray(DS, c, cIdx + DV);
            c10 = DoubleVector.fromArray(DS, c, cIdx + ldc);
            c11 = DoubleVector.fromArray(DS, c, cIdx + ldc + DV);
            c20 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, cIdx + 2 * ldc + DV);
            c30 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, cIdx + 3 * ldc + DV);
            c40 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, cIdx + 4 * ldc + DV);
            c50 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, cIdx + 5 * ldc + DV);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00; c10 = c00; c11 = c00; c20 = c00; c21 = c00; c30 = c00; c31 = c00;
            c40 = c00; c41 = c00; c50 = c00; c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * 6;
            DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + DV);
            DoubleVector av = DoubleVector.broadcast(DS, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + DV);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + DV);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + DV);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + DV);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + DV);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + DV);
    }

    /**
     * Small inner dimension: {@code C[i][j] (=|+=) Σ_{p<k} A[i][p]·B[p][j]} with only A packed (one MR x k sliver
     * at a time) and the micro-kernel reading B's rows in place; B is first copied row-major if its rows are not
     * contiguous. Leftover rows and columns go through vector/scalar row loops.
     */
    private static void dgemmSmallK(int m, int n, int k,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] c, int cOff, int ldc, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        if (bCs != 1) {
            double[] copy = w.packB(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    copy[p * n + j] = b[bOff + p * bRs + j * bCs];
                }
            }
            b = copy;
            bOff = 0;
            bRs = n;
        }
        double[] sliver = w.packA(MR * k);
        int nFull = n - n % D_NR;
        int nVec = n - n % DV;
        int i0 = 0;
        for (; i0 + MR <= m; i0 += MR) {
            packADouble(MR, k, a, aOff + i0 * aRs, aRs, aCs, sliver);
            int cRow = cOff + i0 * ldc;
            for (int j = 0; j < nFull; j += D_NR) {
                microKernelDouble(k, sliver, 0, b, bOff + j, bRs, c, cRow + j, ldc, accumulate);
            }
            if (nFull < n) {
                for (int r = 0; r < MR; r++) {
                    smallKRowTailDouble(k, n, nFull, nVec, a, aOff + (i0 + r) * aRs, aCs, b, bOff, bRs,
                            c, cRow + r * ldc, accumulate);
                }
            }
        }
        for (; i0 < m; i0++) {
            smallKRowTailDouble(k, n, 0, nVec, a, aOff + i0 * aRs, aCs, b, bOff, bRs, c, cOff + i0 * ldc,
                    accumulate);
        }
    }

    /** One row of the small-k path from column {@code j}: single vectors up to {@code nVec}, then scalars. */
    private static void smallKRowTailDouble(int k, int n, int j, int nVec, double[] a, int aRow, int aCs,
                                           double[] b, int bOff, int bRs, double[] c, int cRow, boolean accumulate) {
        for (; j < nVec; j += DV) {
            DoubleVector acc = accumulate ? DoubleVector.fromArray(DS, c, cRow + j) : DoubleVector.zero(DS);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.broadcast(DS, a[aRow + p * aCs])
                        .fma(DoubleVector.fromArray(DS, b, bOff + p * bRs + j), acc);
            }
            acc.intoArray(c, cRow + j);
        }
        for (; j < n; j++) {
            double acc = accumulate ? c[cRow + j] : 0d;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(a[aRow + p * aCs], b[bOff + p * bRs + j], acc);
            }
            c[cRow + j] = acc;
        }
    }

    /**
     * Matrix-vector product {@code y[i] (=|+=) Σ_{p<cols} M[i][p]·x[p]} for {@code i < rows}, with
     * {@code M[i][p] = m[mOff + i*mRs + p*mCs]}, {@code x[p] = x[xOff + p*xs]}, {@code y[i] = y[yOff + i*ys]}.
     * Contiguous rows: vectorised dot products, four rows at a time; contiguous columns: vectorised axpy over
     * columns into a scratch vector; otherwise scalar.
     */
    private static void dgemv(int rows, int cols, double[] mat, int mOff, int mRs, int mCs,
                              double[] x, int xOff, int xs, double[] y, int yOff, int ys, boolean accumulate) {
        DoubleWork w = DOUBLE_WORK.get();
        if (mCs == 1 && cols >= DV) {
            if (xs != 1) {
                double[] xc = w.vec(cols);
                for (int p = 0; p < cols; p++) {
                    xc[p] = x[xOff + p * xs];
                }
                x = xc;
                xOff = 0;
            }
            int pVec = cols - cols % DV;
            int i = 0;
            for (; i + 4 <= rows; i += 4) {
                int r0 = mOff + i * mRs;
                int r1 = r0 + mRs;
                int r2 = r1 + mRs;
                int r3 = r2 + mRs;
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int p = 0; p < pVec; p += DV) {
                    DoubleVector xv = DoubleVector.fromArray(DS, x, xOff + p);
                    s0 = DoubleVector.fromArray(DS, mat, r0 + p).fma(xv, s0);
                    s1 = DoubleVector.fromArray(DS, mat, r1 + p).fma(xv, s1);
                    s2 = DoubleVector.fromArray(DS, mat, r2 + p).fma(xv, s2);
                    s3 = DoubleVector.fromArray(DS, mat, r3 + p).fma(xv, s3);
                }
                double d0 = s0.reduceLanes(VectorOperators.ADD);
                double d1 = s1.reduceLanes(VectorOperators.ADD);
                double d2 = s2.reduceLanes(VectorOperators.ADD);
                double d3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = pVec; p < cols; p++) {
                    double xp = x[xOff + p];
                    d0 = Math.fma(mat[r0 + p], xp, d0);
                    d1 = Math.fma(mat[r1 + p], xp, d1);
                    d2 = Math.fma(mat[r2 + p], xp, d2);
                    d3 = Math.fma(mat[r3 + p], xp, d3);
                }
                storeDouble(y, yOff + i * ys, d0, accumulate);
                storeDouble(y, yOff + (i + 1) * ys, d1, accumulate);
                storeDouble(y, yOff + (i + 2) * ys, d2, accumulate);
                storeDouble(y, yOff + (i + 3) * ys, d3, accumulate);
            }
            for (; i < rows; i++) {
                int r0 = mOff + i * mRs;
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int p = 0; p < pVec; p += DV) {
                    s0 = DoubleVector.fromArray(DS, mat, r0 + p).fma(DoubleVector.fromArray(DS, x, xOff + p), s0);
                }
                double d0 = s0.reduceLanes(VectorOperators.ADD);
                for (int p = pVec; p < cols; p++) {
                    d0 = Math.fma(mat[r0 + p], x[xOff + p], d0);
                }
                storeDouble(y, yOff + i * ys, d0, accumulate);
            }
        } else if (mRs == 1 && rows >= DV) {
            double[] acc = w.vec(rows);
            java.util.Arrays.fill(acc, 0, rows, 0d);
            int iVec = rows - rows % DV;
            int p = 0;
            for (; p + 4 <= cols; p += 4) {
                int c0 = mOff + p * mCs;
                int c1 = c0 + mCs;
                int c2 = c1 + mCs;
                int c3 = c2 + mCs;
                DoubleVector x0 = DoubleVector.broadcast(DS, x[xOff + p * xs]);
                DoubleVector x1 = DoubleVector.broadcast(DS, x[xOff + (p + 1) * xs]);
                DoubleVector x2 = DoubleVector.broadcast(DS, x[xOff + (p + 2) * xs]);
                DoubleVector x3 = DoubleVector.broadcast(DS, x[xOff + (p + 3) * xs]);
                for (int i = 0; i < iVec; i += DV) {
                    DoubleVector s = DoubleVector.fromArray(DS, acc, i);
                    s = DoubleVector.fromArray(DS, mat, c0 + i).fma(x0, s);
                    s = DoubleVector.fromArray(DS, mat, c1 + i).fma(x1, s);
                    s = DoubleVector.fromArray(DS, mat, c2 + i).fma(x2, s);
                    s = DoubleVector.fromArray(DS, mat, c3 + i).fma(x3, s);
                    s.intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    double s = acc[i];
                    s = Math.fma(mat[c0 + i], x[xOff + p * xs], s);
                    s = Math.fma(mat[c1 + i], x[xOff + (p + 1) * xs], s);
                    s = Math.fma(mat[c2 + i], x[xOff + (p + 2) * xs], s);
                    s = Math.fma(mat[c3 + i], x[xOff + (p + 3) * xs], s);
                    acc[i] = s;
                }
            }
            for (; p < cols; p++) {
                int c0 = mOff + p * mCs;
                double xp = x[xOff + p * xs];
                DoubleVector x0 = DoubleVector.broadcast(DS, xp);
                for (int i = 0; i < iVec; i += DV) {
                    DoubleVector.fromArray(DS, mat, c0 + i).fma(x0, DoubleVector.fromArray(DS, acc, i))
                            .intoArray(acc, i);
                }
                for (int i = iVec; i < rows; i++) {
                    acc[i] = Math.fma(mat[c0 + i], xp, acc[i]);
                }
            }
            for (int i = 0; i < rows; i++) {
                storeDouble(y, yOff + i * ys, acc[i], accumulate);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                int r = mOff + i * mRs;
                double s = 0d;
                for (int p = 0; p < cols; p++) {
                    s = Math.fma(mat[r + p * mCs], x[xOff + p * xs], s);
                }
                storeDouble(y, yOff + i * ys, s, accumulate);
            }
        }
    }

    private static void storeDouble(double[] y, int idx, double v, boolean accumulate) {
        y[idx] = accumulate ? y[idx] + v : v;
    }

    /** Per-thread reusable packing buffers for float64; they only grow. */
    private static final class DoubleWork {
        final double[] tile = new double[MR * D_NR];
        private double[] packA = new double[0];
        private double[] packB = new double[0];
        private double[] vec = new double[0];

        double[] packA(int size) {
            if (packA.length < size) {
                packA = new double[size];
            }
            return packA;
        }

        double[] packB(int size) {
            if (packB.length < size) {
                packB = new double[size];
            }
            return packB;
        }

        double[] vec(int size) {
            if (vec.length < size) {
                vec = new double[size];
            }
            return vec;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Threading
    // ------------------------------------------------------------------------------------------------------

    private static final int PATH_GEMV_COLUMN = 0;
    private static final int PATH_GEMV_ROW = 1;
    private static final int PATH_SMALL_K = 2;
    private static final int PATH_PACKED = 3;

    /** n == 1 and m == 1 are matrix-vector products; then small k; everything else is packed. */
    private static int choosePath(int m, int n, int k) {
        if (n == 1) {
            return PATH_GEMV_COLUMN;
        } else if (m == 1) {
            return PATH_GEMV_ROW;
        } else if (k <= SMALL_K) {
            return PATH_SMALL_K;
        }
        return PATH_PACKED;
    }

    /** Number of parts to split a product into: 1 below the threshold or when there is one tile to share. */
    private static int partsFor(int m, int n, int k, int nr) {
        if (maxThreads <= 1 || (long) m * n * k < parallelThreshold) {
            return 1;
        }
        int threads = Math.min(maxThreads, Team.INSTANCE.size() + 1);
        int tiles = m >= n ? (m + MR - 1) / MR : (n + nr - 1) / nr;
        return Math.min(threads, tiles);
    }

    /**
     * A fixed team of daemon worker threads ({@code availableProcessors - 1} of them) that share one product
     * with the calling thread. C is cut along its longer side into {@value #CHUNKS_PER_THREAD} chunks per thread
     * (row chunks aligned to MR, column chunks aligned to NR) which the caller and the woken workers claim from
     * a shared counter, so a worker that is slow to get a core (the machine may be shared) costs little: the
     * caller takes its chunks, and withdraws the offer to a worker that has not started by the time all chunks
     * are claimed. Who computes a chunk does not change its result. The team serves one product at a time; a
     * caller that finds it busy computes its product alone. Handing out work allocates nothing: the product's
     * description lives in one reusable {@link Job}.
     */
    private static final class Team {
        static final Team INSTANCE = new Team(Runtime.getRuntime().availableProcessors() - 1);
        /** How long a waiting thread spins before parking. */
        static final long SPIN_NANOS = 10_000;

        private final Worker[] workers;
        private final ReentrantLock lock = new ReentrantLock();
        private final Job job = new Job();
        private final AtomicInteger nextChunk = new AtomicInteger();

        private Team(int size) {
            workers = new Worker[Math.max(0, size)];
            for (int t = 0; t < workers.length; t++) {
                workers[t] = new Worker(this, t + 1);
                workers[t].start();
            }
        }

        int size() {
            return workers.length;
        }

        boolean tryRun(int parts, int m, int n, int nr, int path, int k,
                       float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                       float[] c, int cOff, int ldc, boolean accumulate) {
            if (!lock.tryLock()) {
                return false;
            }
            try {
                job.set(path, k, aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, accumulate);
                job.fa = a;
                job.fb = b;
                job.fc = c;
                run(parts, m, n, nr);
                return true;
            } finally {
                job.clear();
                lock.unlock();
            }
        }

        boolean tryRun(int parts, int m, int n, int nr, int path, int k,
                       double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                       double[] c, int cOff, int ldc, boolean accumulate) {
            if (!lock.tryLock()) {
                return false;
            }
            try {
                job.set(path, k, aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, accumulate);
                job.da = a;
                job.db = b;
                job.dc = c;
                run(parts, m, n, nr);
                return true;
            } finally {
                job.clear();
                lock.unlock();
            }
        }

        /** Offers the chunks to {@code parts - 1} workers, computes chunks itself, then waits for the helpers. */
        private void run(int parts, int m, int n, int nr) {
            boolean byRows = m >= n;
            int len = byRows ? m : n;
            int unit = byRows ? MR : nr;
            int units = (len + unit - 1) / unit;
            job.setChunks(byRows, m, n, len, unit, units, Math.min(units, parts * CHUNKS_PER_THREAD));
            nextChunk.set(0);
            Thread caller = Thread.currentThread();
            for (int t = 1; t < parts; t++) {
                workers[t - 1].offer(caller);
            }
            Throwable failure = null;
            try {
                computeChunks();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int t = 1; t < parts; t++) {
                Throwable f = workers[t - 1].withdrawOrAwait();
                if (failure == null) {
                    failure = f;
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            } else if (failure instanceof Error err) {
                throw err;
            } else if (failure != null) {
                throw new IllegalStateException("GEMM worker failed", failure);
            }
        }

        /** Claims and computes chunks until none is left (called by the owner and by the workers). */
        void computeChunks() {
            int chunk;
            while ((chunk = nextChunk.getAndIncrement()) < job.chunks) {
                job.runChunk(chunk);
            }
        }
    }

    /** Chunks of C per participating thread: enough for a late worker to cost little, few enough to pack little. */
    static final int CHUNKS_PER_THREAD = 2;

    /** One worker of the {@link Team}: waits for an offer, helps compute chunks, signals the owner. */
    private static final class Worker extends Thread {
        private static final int IDLE = 0;
        private static final int OFFERED = 1;
        private static final int RUNNING = 2;

        private final Team team;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private Thread owner;
        private Throwable failure;

        Worker(Team team, int index) {
            super("alf-gemm-" + index);
            this.team = team;
            setDaemon(true);
        }

        /** Called by the team's owner; the job's fields are published by the volatile write of the state. */
        void offer(Thread caller) {
            owner = caller;
            failure = null;
            state.set(OFFERED);
            LockSupport.unpark(this);
        }

        /**
         * Withdraws an offer the worker has not taken up, or waits (spinning briefly, then parking) until it has
         * finished; returns the worker's failure, if any.
         */
        Throwable withdrawOrAwait() {
            if (state.compareAndSet(OFFERED, IDLE)) {
                return null;
            }
            long start = System.nanoTime();
            while (state.get() != IDLE) {
                if (System.nanoTime() - start < Team.SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                long start = System.nanoTime();
                while (state.get() != OFFERED) {
                    if (System.nanoTime() - start < Team.SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (!state.compareAndSet(OFFERED, RUNNING)) {
                    continue; // withdrawn before this thread got to it
                }
                Thread caller = owner;
                try {
                    team.computeChunks();
                } catch (Throwable t) {
                    failure = t;
                }
                state.set(IDLE);
                LockSupport.unpark(caller);
            }
        }
    }

    /** The product the team is working on; written by the owner before posting, read-only while running. */
    private static final class Job {
        private int path;
        private int k;
        private int aOff;
        private int aRs;
        private int aCs;
        private int bOff;
        private int bRs;
        private int bCs;
        private int cOff;
        private int ldc;
        private boolean accumulate;
        private boolean byRows;
        private int m;
        private int n;
        private int len;
        private int unit;
        private int units;
        private int chunks;
        private float[] fa;
        private float[] fb;
        private float[] fc;
        private double[] da;
        private double[] db;
        private double[] dc;

        void set(int path, int k, int aOff, int aRs, int aCs, int bOff, int bRs, int bCs, int cOff, int ldc,
                 boolean accumulate) {
            this.path = path;
            this.k = k;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
        }

        /** Drops the operand references so the team does not keep arrays alive. */
        void clear() {
            fa = null;
            fb = null;
            fc = null;
            da = null;
            db = null;
            dc = null;
        }

        void setChunks(boolean byRows, int m, int n, int len, int unit, int units, int chunks) {
            this.byRows = byRows;
            this.m = m;
            this.n = n;
            this.len = len;
            this.unit = unit;
            this.units = units;
            this.chunks = chunks;
        }

        /** Computes chunk {@code index} of {@code chunks}: a run of whole units along C's split side. */
        void runChunk(int index) {
            int lo = Math.min(len, (int) ((long) index * units / chunks) * unit);
            int hi = Math.min(len, (int) ((long) (index + 1) * units / chunks) * unit);
            if (byRows) {
                run(lo, hi, 0, n);
            } else {
                run(0, m, lo, hi);
            }
        }

        /** Computes the block {@code [i0, i1) x [j0, j1)} of C. */
        void run(int i0, int i1, int j0, int j1) {
            if (fc != null) {
                sgemmBlock(path, i1 - i0, j1 - j0, k, fa, aOff + i0 * aRs, aRs, aCs, fb, bOff + j0 * bCs, bRs, bCs,
                        fc, cOff + i0 * ldc + j0, ldc, accumulate);
            } else {
                dgemmBlock(path, i1 - i0, j1 - j0, k, da, aOff + i0 * aRs, aRs, aCs, db, bOff + j0 * bCs, bRs, bCs,
                        dc, cOff + i0 * ldc + j0, ldc, accumulate);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Argument checks
    // ------------------------------------------------------------------------------------------------------

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    private static void checkSizes(int m, int n, int k, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        if (ldc < n) {
            throw new IllegalArgumentException("ldc must be >= n=" + n + ", got " + ldc);
        }
    }

    private static long lowest(int off, int rows, int cols, int rs, int cs) {
        return off + Math.min(0L, (long) (rows - 1) * rs) + Math.min(0L, (long) (cols - 1) * cs);
    }

    private static long highest(int off, int rows, int cols, int rs, int cs) {
        return off + Math.max(0L, (long) (rows - 1) * rs) + Math.max(0L, (long) (cols - 1) * cs);
    }

    private static void checkOperand(String name, int length, int off, int rows, int cols, int rs, int cs) {
        if (length < 0) {
            throw new IllegalArgumentException("gemm operand " + name + " is null");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long lo = lowest(off, rows, cols, rs, cs);
        long hi = highest(off, rows, cols, rs, cs);
        if (lo < 0 || hi >= length) {
            throw new IllegalArgumentException("gemm operand " + name + " [" + rows + " x " + cols + "] at offset "
                    + off + " with strides (" + rs + ", " + cs + ") addresses elements " + lo + ".." + hi
                    + " outside its array of length " + length);
        }
    }

    private static void checkNoOverlap(String name, int off, int rows, int cols, int rs, int cs,
                                       int cOff, int m, int n, int ldc) {
        if (rows == 0 || cols == 0 || m == 0 || n == 0) {
            return;
        }
        long lo = lowest(off, rows, cols, rs, cs);
        long hi = highest(off, rows, cols, rs, cs);
        long cLo = cOff;
        long cHi = cOff + (long) (m - 1) * ldc + n - 1;
        if (lo <= cHi && cLo <= hi) {
            throw new IllegalArgumentException("gemm output c (elements " + cLo + ".." + cHi
                    + ") overlaps operand " + name + " (elements " + lo + ".." + hi + ") in the same array");
        }
    }
}
