package alf.tensor.cpu;

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
 * fused multiply-adds. {@code NR} is two vectors of {@code FloatVector.SPECIES_PREFERRED} (32 floats with
 * AVX-512, 16 with AVX2) and {@code MR} is 8 with 512-bit vectors (16 accumulators of the 32 registers), 6 with
 * narrower ones (12 of 16). Edge tiles are computed through a zero-padded scratch tile.
 * Packing buffers are thread-local and reused, so the hot path allocates nothing once warmed up.
 *
 * <p>A is not packed where packing buys nothing: a block of A whose rows have contiguous elements and that holds at
 * most {@value #DIRECT_A_ELEMENTS} elements stays in L2, so a second micro-kernel broadcasts its elements straight
 * from its rows (only a last sliver of fewer than MR rows is packed, zero-padded). B is always packed: read in
 * place from rows 1 KiB or more apart, its slivers thrash L1 (measured slower than packing them).
 *
 * <p>Shapes where packing would dominate take dedicated paths: matrix-vector products ({@code n == 1} or
 * {@code m == 1}) use dot-product or axpy forms depending on which operand is contiguous, and products with a
 * small inner dimension ({@code k <= }{@value #SMALL_K}) skip the B panel: the micro-kernel reads B's rows in
 * place and only one {@code MR x k} sliver of A is packed at a time.
 *
 * <p><b>Threads and determinism.</b> Products with {@code m·n·k} at least {@link #parallelThreshold()} are
 * split over up to {@link #maxThreads()} threads (the caller plus a fixed team of daemon threads, one per
 * further core, and replay lanes that wait and lend their core: see {@link GemmTeam}) by partitioning {@code C} into row or column blocks; handing out the blocks allocates nothing. The sum over {@code k} is never split across threads: the
 * packed and small-k paths accumulate each element as one chain of fused multiply-adds in increasing {@code p}
 * (a k-block boundary only stores and reloads the partial sum, which is exact), and the matrix-vector paths
 * compute each output element within one thread. The path is chosen from the whole shape before any split, so
 * results are bit-identical whatever the thread count or threshold.
 *
 * <p><b>Files.</b> This class checks arguments, chooses the path and splits work; the kernels are {@link GemmFloat}
 * (float32) and {@link GemmDouble} (float64, generated from GemmFloat by {@code GemmDoubleGenerator} in the test
 * sources; {@code GemmSourceTest} keeps them in step); the thread team is {@link GemmTeam}. Without the Vector API
 * ({@link VectorSupport}) the products run on {@link ScalarGemm}, which gives the same results (see there).
 */
public final class Gemm {

    /** Inner dimensions up to this skip packing B (the micro-kernel reads B's rows in place); measured. */
    public static final int SMALL_K = 16;

    /**
     * Row-major blocks of A with at most this many elements (m·k of one thread's block) are read in place by the
     * micro-kernel instead of being packed: 256 x 256 floats are 256 KiB, inside the 1 MiB L2 of the development
     * machine, and cover the SAC networks' products (measured with {@code BuildsSideBySide gemm}; other limits
     * were not tried).
     */
    public static final int DIRECT_A_ELEMENTS = 256 * 256;

    /** Default m·n·k from which products are split across threads (measured; see the benchmarks). */
    public static final long DEFAULT_PARALLEL_THRESHOLD = 1L << 23;

    private static volatile long parallelThreshold = DEFAULT_PARALLEL_THRESHOLD;
    private static volatile int maxThreads = Runtime.getRuntime().availableProcessors();

    static final int PATH_GEMV_COLUMN = 0;
    static final int PATH_GEMV_ROW = 1;
    static final int PATH_SMALL_K = 2;
    static final int PATH_PACKED = 3;

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
    // Entry points and dispatch
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
        sgemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, null, 0, c, cOff, ldc,
                accumulate);
    }

    /**
     * {@code C[m x n] = relu(A[m x k] · B[k x n] + bias)} in float32, {@code bias[biasOff + j]} added to column
     * {@code j}: a linear layer with its bias and ReLU. Each thread applies the bias and ReLU to its block of C right
     * after computing it, while the block is still in its cache; the values are those of {@link #sgemm} followed by
     * the separate bias add and ReLU (the product rounded to float, then the sum, then ReLU).
     *
     * @throws IllegalArgumentException as {@link #sgemm}, or when the bias has fewer than n elements after biasOff
     */
    public static void sgemmBiasRelu(int m, int n, int k,
                                     float[] a, int aOff, int aRowStride, int aColStride,
                                     float[] b, int bOff, int bRowStride, int bColStride,
                                     float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        checkOperand("bias", bias == null ? -1 : bias.length, biasOff, 1, n, 0, 1);
        sgemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, bias, biasOff, c, cOff, ldc,
                false);
    }

    /** {@link #sgemm}, then the bias and ReLU epilogue on each block when {@code bias} is not null. */
    private static void sgemm(int m, int n, int k,
                              float[] a, int aOff, int aRowStride, int aColStride,
                              float[] b, int bOff, int bRowStride, int bColStride,
                              float[] bias, int biasOff, float[] c, int cOff, int ldc, boolean accumulate) {
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
            if (bias != null) {
                BiasReluKernel.floatRows(c, cOff, ldc, bias, biasOff, c, cOff, ldc, m, n);
            }
            return;
        }
        // The path is chosen from the whole shape, before any split, so threads never change the arithmetic.
        int path = choosePath(m, n, k);
        int mr = VectorSupport.AVAILABLE ? GemmFloat.MR : ScalarGemm.MR;
        int nr = VectorSupport.AVAILABLE ? GemmFloat.F_NR : ScalarGemm.NR;
        boolean byRows = splitsByRows(path, m, n, k, aColStride, bColStride, nr);
        int parts = partsFor(m, n, k, byRows, mr, nr);
        if (parts <= 1 || !GemmTeam.INSTANCE.tryRun(parts, byRows, m, n, mr, nr, path, k,
                a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, bias, biasOff, c, cOff, ldc,
                accumulate)) {
            sgemmBlock(path, m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, ldc, accumulate);
            if (bias != null) {
                BiasReluKernel.floatRows(c, cOff, ldc, bias, biasOff, c, cOff, ldc, m, n);
            }
        }
    }

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
        int mr = VectorSupport.AVAILABLE ? GemmDouble.MR : ScalarGemm.MR;
        int nr = VectorSupport.AVAILABLE ? GemmDouble.D_NR : ScalarGemm.NR;
        boolean byRows = splitsByRows(path, m, n, k, aColStride, bColStride, nr);
        int parts = partsFor(m, n, k, byRows, mr, nr);
        if (parts <= 1 || !GemmTeam.INSTANCE.tryRun(parts, byRows, m, n, mr, nr, path, k,
                a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc, accumulate)) {
            dgemmBlock(path, m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, ldc, accumulate);
        }
    }

    /** One block of a float32 product along {@code path}: on the Vector API kernel when available, else scalar. */
    static void sgemmBlock(int path, int m, int n, int k,
                           float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        if (VectorSupport.AVAILABLE) {
            GemmFloat.sgemmBlock(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else {
            ScalarGemm.sgemmBlock(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

    /** One block of a float64 product along {@code path}: on the Vector API kernel when available, else scalar. */
    static void dgemmBlock(int path, int m, int n, int k,
                           double[] a, int aOff, int aRs, int aCs,
                           double[] b, int bOff, int bRs, int bCs,
                           double[] c, int cOff, int ldc, boolean accumulate) {
        if (VectorSupport.AVAILABLE) {
            GemmDouble.dgemmBlock(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        } else {
            ScalarGemm.dgemmBlock(path, m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
        }
    }

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

    /** Whether a packed-path block of {@code m x k} with column stride {@code aCs} reads A in place. */
    static boolean readsAInPlace(int m, int k, int aCs) {
        return aCs == 1 && (long) m * k <= DIRECT_A_ELEMENTS;
    }

    /**
     * Whether a threaded product splits C by rows (else by columns). By the longer side, except that a packed
     * product whose A is read in place and whose B has strided rows (a Linear's {@code x·Wᵀ}, where packing B is
     * a transposing copy) splits by columns when there are at least two column tiles, so each thread packs only
     * its own columns of B instead of all of them. The split never changes the arithmetic.
     */
    private static boolean splitsByRows(int path, int m, int n, int k, int aCs, int bCs, int nr) {
        if (path == PATH_PACKED && bCs != 1 && readsAInPlace(m, k, aCs) && n >= 2 * nr) {
            return false;
        }
        return m >= n;
    }

    /**
     * Number of parts to split a product into: 1 below the threshold, when there is one tile to share, or when no
     * other thread can help now (replay lanes hold the other cores and none of them waits).
     */
    private static int partsFor(int m, int n, int k, boolean byRows, int mr, int nr) {
        if (maxThreads <= 1 || (long) m * n * k < parallelThreshold) {
            return 1;
        }
        int threads = Math.min(maxThreads, GemmTeam.INSTANCE.threadsAvailable());
        int tiles = byRows ? (m + mr - 1) / mr : (n + nr - 1) / nr;
        return Math.min(threads, tiles);
    }

    // ------------------------------------------------------------------------------------------------------
    // Argument checks
    // ------------------------------------------------------------------------------------------------------


    static int roundUp(int x, int unit) {
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
