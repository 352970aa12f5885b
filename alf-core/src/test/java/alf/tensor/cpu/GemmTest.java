package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.SharedCores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks {@link Gemm} against a naive triple loop in double precision over many shapes and memory layouts. */
class GemmTest {

    /** Shapes (m, n, k) that reach every path: gemv, small k, packed with edges, several k/m/n blocks. */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {1, 1, 7}, {2, 2, 2}, {3, 5, 7}, {7, 3, 2}, {8, 32, 1}, {9, 33, 3},
            {5, 1, 37}, {37, 1, 5}, {64, 1, 64}, {1, 37, 5}, {1, 64, 64}, {1, 3, 300},
            {4, 16, 8}, {17, 35, 8}, {31, 29, 9}, {8, 32, 16}, {16, 64, 17}, {13, 100, 10},
            {64, 64, 64}, {33, 47, 61}, {100, 7, 70}, {7, 100, 70}, {131, 67, 29},
            {257, 19, 23}, {9, 10, 600}, {41, 43, 517}, {3, 2100, 11}, {3, 2100, 40}, {200, 150, 12},
    };

    private enum Layout { ROW_MAJOR, COL_MAJOR, PADDED, REVERSED, BROADCAST_ROWS }

    /** Where a logical matrix lives inside its array. */
    private record Placement(int length, int offset, int rowStride, int colStride) {
        static Placement of(Layout layout, int rows, int cols) {
            return switch (layout) {
                case ROW_MAJOR -> new Placement(rows * cols, 0, cols, 1);
                case COL_MAJOR -> new Placement(rows * cols, 0, 1, rows);
                case PADDED -> new Placement(5 + rows * (cols + 3), 5, cols + 3, 1);
                case REVERSED -> new Placement(2 + rows * cols, 2 + (rows - 1) * cols, -cols, 1);
                case BROADCAST_ROWS -> new Placement(3 + cols, 3, 0, 1);
            };
        }

        int index(int r, int c) {
            return offset + r * rowStride + c * colStride;
        }
    }

    @AfterEach
    void restoreDefaults() {
        Gemm.setParallelThreshold(Gemm.DEFAULT_PARALLEL_THRESHOLD);
        Gemm.setMaxThreads(Runtime.getRuntime().availableProcessors());
    }

    // ---------------------------------------------------------------------------------------------------------
    // float32
    // ---------------------------------------------------------------------------------------------------------

    /** Logical values and their placement in a float array (unused slots hold a large sentinel). */
    private record FloatMatrix(int rows, int cols, float[] data, Placement at) {
        static FloatMatrix random(int rows, int cols, Layout layout, SplittableRandom rnd) {
            Placement at = Placement.of(layout, rows, cols);
            float[] data = new float[at.length()];
            Arrays.fill(data, 1e30f);
            if (rows > 0 && cols > 0) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        // Broadcast rows share storage: every row reads row 0's values.
                        if (layout != Layout.BROADCAST_ROWS || r == 0) {
                            data[at.index(r, c)] = (float) (rnd.nextDouble() * 2 - 1);
                        }
                    }
                }
            }
            return new FloatMatrix(rows, cols, data, at);
        }

        double get(int r, int c) {
            return data[at.index(r, c)];
        }
    }

    private static void checkFloat(int m, int n, int k, Layout la, Layout lb, boolean accumulate, int ldcPad,
                                   SplittableRandom rnd) {
        FloatMatrix a = FloatMatrix.random(m, k, la, rnd);
        FloatMatrix b = FloatMatrix.random(k, n, lb, rnd);
        int cOff = 4;
        int ldc = n + ldcPad;
        float[] c = new float[cOff + Math.max(0, m * ldc) + 3];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] before = c.clone();
        Gemm.sgemm(m, n, k, a.data(), a.at().offset(), a.at().rowStride(), a.at().colStride(),
                b.data(), b.at().offset(), b.at().rowStride(), b.at().colStride(), c, cOff, ldc, accumulate);
        String where = "sgemm m=" + m + " n=" + n + " k=" + k + " A " + la + " B " + lb + " acc=" + accumulate;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
            if (!inside) {
                assertEquals(before[idx], c[idx], where + ": element " + idx + " outside C was changed");
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = accumulate ? before[cOff + i * ldc + j] : 0.0;
                double scale = accumulate ? Math.abs(ref) : 0.0;
                for (int p = 0; p < k; p++) {
                    ref += a.get(i, p) * b.get(p, j);
                    scale += Math.abs(a.get(i, p) * b.get(p, j));
                }
                double got = c[cOff + i * ldc + j];
                double tol = 1e-5 * Math.max(1, k) * Math.max(scale, 1e-30);
                assertTrue(Math.abs(got - ref) <= tol,
                        where + ": C[" + i + "][" + j + "] = " + got + ", expected " + ref);
            }
        }
    }

    @Test
    void floatMatchesNaiveProductOnAllShapesAndLayouts() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            for (Layout la : List.of(Layout.ROW_MAJOR, Layout.COL_MAJOR, Layout.PADDED)) {
                for (Layout lb : List.of(Layout.ROW_MAJOR, Layout.COL_MAJOR, Layout.PADDED)) {
                    checkFloat(s[0], s[1], s[2], la, lb, false, 0, rnd);
                }
            }
            checkFloat(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 5, rnd);
            checkFloat(s[0], s[1], s[2], Layout.COL_MAJOR, Layout.PADDED, true, 1, rnd);
            checkFloat(s[0], s[1], s[2], Layout.REVERSED, Layout.REVERSED, false, 2, rnd);
            checkFloat(s[0], s[1], s[2], Layout.BROADCAST_ROWS, Layout.ROW_MAJOR, true, 0, rnd);
        }
    }

    @Test
    void floatHandlesZeroSizes() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int[] s : new int[][] {{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {1, 1, 0}, {40, 40, 0}}) {
            checkFloat(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, 1, rnd);
            checkFloat(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 1, rnd);
        }
        float[] c = {Float.NaN, 7f, Float.NaN};
        Gemm.sgemm(1, 3, 0, new float[0], 0, 0, 1, new float[0], 0, 3, 1, c, 0, 3, false);
        assertArrayEquals(new float[] {0f, 0f, 0f}, c);
    }

    @Test
    void floatOverwriteIgnoresOldContents() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {Float.NaN, Float.POSITIVE_INFINITY, Float.NaN, -1e30f};
        Gemm.sgemm(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, c, 0, 2, false);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
        Gemm.sgemm(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, c, 0, 2, true);
        assertArrayEquals(new float[] {38, 44, 86, 100}, c);
    }

    // ---------------------------------------------------------------------------------------------------------
    // float64
    // ---------------------------------------------------------------------------------------------------------

    /** Logical values and their placement in a double array (unused slots hold a large sentinel). */
    private record DoubleMatrix(int rows, int cols, double[] data, Placement at) {
        static DoubleMatrix random(int rows, int cols, Layout layout, SplittableRandom rnd) {
            Placement at = Placement.of(layout, rows, cols);
            double[] data = new double[at.length()];
            Arrays.fill(data, 1e300);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (layout != Layout.BROADCAST_ROWS || r == 0) {
                        data[at.index(r, c)] = rnd.nextDouble() * 2 - 1;
                    }
                }
            }
            return new DoubleMatrix(rows, cols, data, at);
        }

        double get(int r, int c) {
            return data[at.index(r, c)];
        }
    }

    private static void checkDouble(int m, int n, int k, Layout la, Layout lb, boolean accumulate, int ldcPad,
                                    SplittableRandom rnd) {
        DoubleMatrix a = DoubleMatrix.random(m, k, la, rnd);
        DoubleMatrix b = DoubleMatrix.random(k, n, lb, rnd);
        int cOff = 3;
        int ldc = n + ldcPad;
        double[] c = new double[cOff + Math.max(0, m * ldc) + 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextDouble() * 2 - 1;
        }
        double[] before = c.clone();
        Gemm.dgemm(m, n, k, a.data(), a.at().offset(), a.at().rowStride(), a.at().colStride(),
                b.data(), b.at().offset(), b.at().rowStride(), b.at().colStride(), c, cOff, ldc, accumulate);
        String where = "dgemm m=" + m + " n=" + n + " k=" + k + " A " + la + " B " + lb + " acc=" + accumulate;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
            if (!inside) {
                assertEquals(before[idx], c[idx], where + ": element " + idx + " outside C was changed");
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = accumulate ? before[cOff + i * ldc + j] : 0.0;
                double scale = accumulate ? Math.abs(ref) : 0.0;
                for (int p = 0; p < k; p++) {
                    ref += a.get(i, p) * b.get(p, j);
                    scale += Math.abs(a.get(i, p) * b.get(p, j));
                }
                double got = c[cOff + i * ldc + j];
                double tol = 1e-12 * Math.max(1, k) * Math.max(scale, 1e-300);
                assertTrue(Math.abs(got - ref) <= tol,
                        where + ": C[" + i + "][" + j + "] = " + got + ", expected " + ref);
            }
        }
    }

    @Test
    void doubleMatchesNaiveProductOnAllShapesAndLayouts() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] s : SHAPES) {
            for (Layout la : List.of(Layout.ROW_MAJOR, Layout.COL_MAJOR, Layout.PADDED)) {
                for (Layout lb : List.of(Layout.ROW_MAJOR, Layout.COL_MAJOR, Layout.PADDED)) {
                    checkDouble(s[0], s[1], s[2], la, lb, false, 0, rnd);
                }
            }
            checkDouble(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 5, rnd);
            checkDouble(s[0], s[1], s[2], Layout.COL_MAJOR, Layout.PADDED, true, 1, rnd);
            checkDouble(s[0], s[1], s[2], Layout.REVERSED, Layout.REVERSED, false, 2, rnd);
            checkDouble(s[0], s[1], s[2], Layout.BROADCAST_ROWS, Layout.ROW_MAJOR, true, 0, rnd);
        }
    }

    @Test
    void doubleHandlesZeroSizes() {
        SplittableRandom rnd = new SplittableRandom(22);
        for (int[] s : new int[][] {{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {1, 1, 0}, {40, 40, 0}}) {
            checkDouble(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, 1, rnd);
            checkDouble(s[0], s[1], s[2], Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 1, rnd);
        }
    }

    @Test
    void doubleSmallProductIsExact() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        double[] c = new double[4];
        // A is 2x3 row-major, B is 3x2 row-major.
        Gemm.dgemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, false);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c);
        // A^T (3x2) read in place from the same storage, times the 2x3 matrix stored in b viewed as B^T.
        double[] d = new double[9];
        Gemm.dgemm(3, 3, 2, a, 0, 1, 3, b, 0, 1, 2, d, 0, 3, false);
        assertArrayEquals(new double[] {39, 49, 59, 54, 68, 82, 69, 87, 105}, d);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Threads
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void resultsAreBitIdenticalWithAndWithoutThreads() {
        // Packed (row and column splits), small k, and both matrix-vector forms with uneven splits.
        int[][] shapes = {{256, 259, 256}, {67, 300, 530}, {300, 67, 530}, {9, 700, 40}, {130, 129, 17},
                {100, 90, 5}, {300, 1, 70}, {20, 1, 50}, {1, 300, 70}, {1, 20, 50}};
        Layout[][] layouts = {{Layout.ROW_MAJOR, Layout.COL_MAJOR}, {Layout.COL_MAJOR, Layout.ROW_MAJOR},
                {Layout.PADDED, Layout.PADDED}};
        SplittableRandom rnd = new SplittableRandom(31);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (Layout[] l : layouts) {
                FloatMatrix fa = FloatMatrix.random(m, k, l[0], rnd);
                FloatMatrix fb = FloatMatrix.random(k, n, l[1], rnd);
                DoubleMatrix da = DoubleMatrix.random(m, k, l[0], rnd);
                DoubleMatrix db = DoubleMatrix.random(k, n, l[1], rnd);
                float[] fInit = new float[m * n];
                double[] dInit = new double[m * n];
                for (int i = 0; i < fInit.length; i++) {
                    dInit[i] = rnd.nextDouble();
                    fInit[i] = (float) dInit[i];
                }
                List<float[]> floatResults = new ArrayList<>();
                List<double[]> doubleResults = new ArrayList<>();
                for (int threads : new int[] {1, 2, 3}) {
                    Gemm.setMaxThreads(threads);
                    Gemm.setParallelThreshold(threads == 1 ? Long.MAX_VALUE : 0);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] fc = fInit.clone();
                        Gemm.sgemm(m, n, k, fa.data(), fa.at().offset(), fa.at().rowStride(), fa.at().colStride(),
                                fb.data(), fb.at().offset(), fb.at().rowStride(), fb.at().colStride(),
                                fc, 0, n, accumulate);
                        floatResults.add(fc);
                        double[] dc = dInit.clone();
                        Gemm.dgemm(m, n, k, da.data(), da.at().offset(), da.at().rowStride(), da.at().colStride(),
                                db.data(), db.at().offset(), db.at().rowStride(), db.at().colStride(),
                                dc, 0, n, accumulate);
                        doubleResults.add(dc);
                    }
                }
                String where = Arrays.toString(s) + " A " + l[0] + " B " + l[1];
                for (int t = 2; t < floatResults.size(); t++) {
                    assertArrayEquals(floatResults.get(t % 2), floatResults.get(t), "sgemm " + where);
                    assertArrayEquals(doubleResults.get(t % 2), doubleResults.get(t), "dgemm " + where);
                }
            }
        }
    }

    @Test
    void threadedProductIsCorrect() {
        Gemm.setParallelThreshold(0);
        Gemm.setMaxThreads(2);
        SplittableRandom rnd = new SplittableRandom(41);
        checkFloat(150, 140, 300, Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 3, rnd);
        checkFloat(20, 400, 30, Layout.COL_MAJOR, Layout.ROW_MAJOR, false, 0, rnd);
        checkDouble(150, 140, 300, Layout.PADDED, Layout.COL_MAJOR, false, 1, rnd);
        checkDouble(20, 400, 30, Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 0, rnd);
        checkFloat(90, 100, 6, Layout.PADDED, Layout.COL_MAJOR, true, 2, rnd);
        checkDouble(90, 100, 6, Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, 0, rnd);
        checkFloat(70, 1, 33, Layout.COL_MAJOR, Layout.ROW_MAJOR, true, 1, rnd);
        checkDouble(1, 70, 33, Layout.ROW_MAJOR, Layout.COL_MAJOR, false, 0, rnd);
    }

    @Test
    void concurrentCallersGetTheSameResultsAsOneCaller() throws Exception {
        int m = 150;
        int n = 170;
        int k = 90;
        SplittableRandom rnd = new SplittableRandom(51);
        FloatMatrix a = FloatMatrix.random(m, k, Layout.ROW_MAJOR, rnd);
        FloatMatrix b = FloatMatrix.random(k, n, Layout.ROW_MAJOR, rnd);
        Gemm.setMaxThreads(1);
        float[] expected = new float[m * n];
        Gemm.sgemm(m, n, k, a.data(), 0, k, 1, b.data(), 0, n, 1, expected, 0, n, false);
        Gemm.setMaxThreads(2);
        Gemm.setParallelThreshold(0);
        // Two callers compete for the worker team; whoever finds it busy computes alone.
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Boolean>> outcomes = new ArrayList<>();
            for (int caller = 0; caller < 2; caller++) {
                outcomes.add(callers.submit(() -> {
                    boolean same = true;
                    for (int rep = 0; rep < 40; rep++) {
                        float[] c = new float[m * n];
                        Gemm.sgemm(m, n, k, a.data(), 0, k, 1, b.data(), 0, n, 1, c, 0, n, false);
                        same &= Arrays.equals(expected, c);
                    }
                    return same;
                }));
            }
            for (java.util.concurrent.Future<Boolean> outcome : outcomes) {
                assertTrue(outcome.get(), "a concurrent product differed from the single-threaded one");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * A matrix-vector product over contiguous rows keeps one partial sum per vector lane (a fused multiply-add chain
     * over p ≡ lane mod the vector length), adds the lanes in lane order, then the tail: the same bits on every call.
     * The Vector API's own {@code reduceLanes(ADD)} leaves the order open, and JDK 25's C2 adds in another order than
     * its interpreter, so this checks every one of 3,000 calls (the kernel gets compiled on the way) against that
     * order.
     */
    @Test
    void matrixVectorProductsAddTheirLanesInLaneOrderOnEveryCall() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.AVAILABLE, "needs the Vector API kernel");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        int m = 64;
        int k = 4 * lanes + 3; // a tail after the vector part
        SplittableRandom rnd = new SplittableRandom(71);
        float[] a = new float[m * k];
        float[] x = new float[k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(6)));
        }
        for (int i = 0; i < k; i++) {
            x[i] = (float) (rnd.nextDouble() - 0.5);
        }
        float[] expected = new float[m];
        int pVec = k - k % lanes;
        for (int i = 0; i < m; i++) {
            float[] partial = new float[lanes];
            for (int p = 0; p < pVec; p++) {
                partial[p % lanes] = Math.fma(a[i * k + p], x[p], partial[p % lanes]);
            }
            float sum = partial[0];
            for (int l = 1; l < lanes; l++) {
                sum += partial[l];
            }
            for (int p = pVec; p < k; p++) {
                sum = Math.fma(a[i * k + p], x[p], sum);
            }
            expected[i] = sum;
        }
        Gemm.setMaxThreads(1);
        float[] y = new float[m];
        for (int call = 0; call < 3000; call++) {
            Gemm.sgemm(m, 1, k, a, 0, k, 1, x, 0, 1, 1, y, 0, 1, false);
            assertArrayEquals(expected, y, "call " + call);
        }
    }

    /**
     * While replay lanes hold the cores ({@link SharedCores#lanesStarted}), products wake no team workers for them and
     * a waiting lane that {@linkplain SharedCores#help() helps} takes chunks instead: the results are those of one
     * thread, accumulating products included (a chunk computed twice would add twice), and the helper does run shares.
     */
    @Test
    void aHelpingLaneSharesProductsWithoutChangingResults() throws Exception {
        int[][] shapes = {{256, 256, 256}, {256, 4, 256}, {130, 129, 17}, {300, 1, 70}};
        SplittableRandom rnd = new SplittableRandom(61);
        List<FloatMatrix> as = new ArrayList<>();
        List<FloatMatrix> bs = new ArrayList<>();
        List<float[]> inits = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        Gemm.setMaxThreads(1);
        for (int[] s : shapes) {
            FloatMatrix a = FloatMatrix.random(s[0], s[2], Layout.ROW_MAJOR, rnd);
            FloatMatrix b = FloatMatrix.random(s[2], s[1], Layout.COL_MAJOR, rnd);
            float[] init = new float[s[0] * s[1]];
            for (int i = 0; i < init.length; i++) {
                init[i] = (float) rnd.nextDouble();
            }
            float[] c = init.clone();
            Gemm.sgemm(s[0], s[1], s[2], a.data(), a.at().offset(), a.at().rowStride(), a.at().colStride(),
                    b.data(), b.at().offset(), b.at().rowStride(), b.at().colStride(), c, 0, s[1], true);
            as.add(a);
            bs.add(b);
            inits.add(init);
            expected.add(c);
        }
        Gemm.setMaxThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
        Gemm.setParallelThreshold(0);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger helped = new java.util.concurrent.atomic.AtomicInteger();
        Thread lane = new Thread(() -> {
            SharedCores.startHelping();
            try {
                while (!stop.get()) {
                    if (SharedCores.help()) {
                        helped.incrementAndGet();
                    }
                    Thread.onSpinWait();
                }
            } finally {
                SharedCores.stopHelping();
            }
        });
        SharedCores.lanesStarted(Runtime.getRuntime().availableProcessors() - 1);
        lane.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (int rep = 0; rep < 40 || (helped.get() == 0 && System.nanoTime() < deadline); rep++) {
                int i = rep % shapes.length;
                int[] s = shapes[i];
                FloatMatrix a = as.get(i);
                FloatMatrix b = bs.get(i);
                float[] c = inits.get(i).clone();
                Gemm.sgemm(s[0], s[1], s[2], a.data(), a.at().offset(), a.at().rowStride(), a.at().colStride(),
                        b.data(), b.at().offset(), b.at().rowStride(), b.at().colStride(), c, 0, s[1], true);
                assertArrayEquals(expected.get(i), c, "product " + Arrays.toString(s) + " at repetition " + rep);
            }
        } finally {
            stop.set(true);
            lane.join();
            SharedCores.lanesEnded(Runtime.getRuntime().availableProcessors() - 1);
        }
        assertTrue(helped.get() > 0, "the waiting lane never ran a share of a product");
        assertEquals(0, SharedCores.idleHelpers());
        assertFalse(SharedCores.help(), "nothing is on offer once the products are done");
    }

    /**
     * The packed and small-k paths compute every element as one chain of fused multiply-adds in increasing p,
     * {@code C[i][j] = fma(A[i][k-1], B[k-1][j], ... fma(A[i][0], B[0][j], c0))}, whether A is packed or read in
     * place (row-major A up to {@link Gemm#DIRECT_A_ELEMENTS} elements, edge rows, broadcast rows), whether B is
     * transposed, and whether C is split by rows or by columns across threads: checked bit for bit.
     */
    @Test
    void packedPathsComputeOneFusedMultiplyAddChainPerElement() {
        // Direct A (with and without edge rows, one and two k-blocks), packed A (m·k over the limit), small k.
        int[][] shapes = {{256, 96, 256}, {37, 45, 300}, {300, 70, 260}, {64, 100, 17}, {41, 96, 9}};
        Layout[] aLayouts = {Layout.ROW_MAJOR, Layout.PADDED, Layout.COL_MAJOR, Layout.REVERSED,
                Layout.BROADCAST_ROWS};
        SplittableRandom rnd = new SplittableRandom(53);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (Layout la : aLayouts) {
                for (Layout lb : List.of(Layout.ROW_MAJOR, Layout.COL_MAJOR)) {
                    FloatMatrix fa = FloatMatrix.random(m, k, la, rnd);
                    FloatMatrix fb = FloatMatrix.random(k, n, lb, rnd);
                    DoubleMatrix da = DoubleMatrix.random(m, k, la, rnd);
                    DoubleMatrix db = DoubleMatrix.random(k, n, lb, rnd);
                    float[] fInit = new float[m * n];
                    double[] dInit = new double[m * n];
                    for (int i = 0; i < fInit.length; i++) {
                        dInit[i] = rnd.nextDouble();
                        fInit[i] = (float) dInit[i];
                    }
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] fRef = new float[m * n];
                        double[] dRef = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float f = accumulate ? fInit[i * n + j] : 0f;
                                double d = accumulate ? dInit[i * n + j] : 0.0;
                                for (int p = 0; p < k; p++) {
                                    f = Math.fma((float) fa.get(i, p), (float) fb.get(p, j), f);
                                    d = Math.fma(da.get(i, p), db.get(p, j), d);
                                }
                                fRef[i * n + j] = f;
                                dRef[i * n + j] = d;
                            }
                        }
                        for (int threads : new int[] {1, 2}) {
                            Gemm.setMaxThreads(threads);
                            Gemm.setParallelThreshold(threads == 1 ? Long.MAX_VALUE : 0);
                            String where = Arrays.toString(s) + " A " + la + " B " + lb + " acc=" + accumulate
                                    + " threads=" + threads;
                            float[] fc = fInit.clone();
                            Gemm.sgemm(m, n, k, fa.data(), fa.at().offset(), fa.at().rowStride(),
                                    fa.at().colStride(), fb.data(), fb.at().offset(), fb.at().rowStride(),
                                    fb.at().colStride(), fc, 0, n, accumulate);
                            assertArrayEquals(fRef, fc, "sgemm " + where);
                            double[] dc = dInit.clone();
                            Gemm.dgemm(m, n, k, da.data(), da.at().offset(), da.at().rowStride(),
                                    da.at().colStride(), db.data(), db.at().offset(), db.at().rowStride(),
                                    db.at().colStride(), dc, 0, n, accumulate);
                            assertArrayEquals(dRef, dc, "dgemm " + where);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Argument checks
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void rejectsBadArguments() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(-1, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 2, false));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 1, false));
        assertTrue(e.getMessage().contains("ldc"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 2, 3, a, 1, 3, 1, b, 0, 2, 1, c, 0, 2, false));
        assertTrue(e.getMessage().contains("operand a") && e.getMessage().contains("length 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 1, 2, false));
        assertTrue(e.getMessage().contains("operand c"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 2, 3, a, 0, 3, 1, null, 0, 2, 1, c, 0, 2, false));
        assertTrue(e.getMessage().contains("operand b is null"), e.getMessage());
        float[] shared = new float[20];
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(2, 2, 3, shared, 0, 3, 1, b, 0, 2, 1, shared, 4, 2, false));
        assertTrue(e.getMessage().contains("overlaps operand a"), e.getMessage());
        // Disjoint regions of one array are fine.
        Gemm.sgemm(2, 2, 3, shared, 0, 3, 1, b, 0, 2, 1, shared, 10, 2, false);
        double[] d = new double[4];
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(2, 2, 2, d, 0, 2, 1, d, 0, 2, -1, new double[4], 0, 2, false));
        assertTrue(e.getMessage().contains("operand b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.setMaxThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setParallelThreshold(-1));
    }
}
