package alf.tensor.cpu;

import alf.tensor.ReduceOp;

/**
 * The row loop of {@link CpuBackend#reduce} over floating-point input, accumulating in double, as one reusable visitor
 * per thread with its loop arguments (shape, offsets, strides per rank), so a reduction allocates nothing in steady
 * state. Call order: {@link #forThread}, {@link #shape}/{@link #strides}/{@link #offsets} filled, {@link #set},
 * {@code StridedLoop.run(shape, offsets, strides, visitor)}, {@link #clear}.
 *
 * <p>Per element: {@code acc[io] = op.combine(acc[io], x[ia])} ({@link ReduceOp#combine}); a float32 SUM along the
 * row into one output element keeps its running sum in a local double (the same additions in the same order).
 */
final class ReduceRows implements StridedLoop.RowVisitor {
    private static final ThreadLocal<ReduceRows> ROWS = ThreadLocal.withInitial(ReduceRows::new);

    private final int[] offsets = new int[2];
    private int[][] shapes = new int[0][];
    private int[][][] strides = new int[0][][];
    private ReduceOp op;
    private CpuStorage x;
    private double[] acc;
    private boolean floatSum;

    private ReduceRows() {
    }

    /** This thread's visitor (reductions do not nest, so one suffices). */
    static ReduceRows forThread() {
        return ROWS.get();
    }

    /** The shape array of length {@code rank} (reused). */
    int[] shape(int rank) {
        grow(rank);
        return shapes[rank];
    }

    /** Two stride arrays of length {@code rank}: the input's and the accumulator's (reused). */
    int[][] strides(int rank) {
        grow(rank);
        return strides[rank];
    }

    /** The input's and the accumulator's offsets (reused). */
    int[] offsets() {
        return offsets;
    }

    private void grow(int rank) {
        if (rank >= shapes.length) {
            int[][] s = new int[rank + 1][];
            int[][][] t = new int[rank + 1][][];
            System.arraycopy(shapes, 0, s, 0, shapes.length);
            System.arraycopy(strides, 0, t, 0, strides.length);
            for (int r = shapes.length; r <= rank; r++) {
                s[r] = new int[r];
                t[r] = new int[2][r];
            }
            shapes = s;
            strides = t;
        }
    }

    /** Reduces {@code x} into {@code acc} with {@code op}. */
    ReduceRows set(ReduceOp op, CpuStorage x, double[] acc, boolean floatSum) {
        this.op = op;
        this.x = x;
        this.acc = acc;
        this.floatSum = floatSum;
        return this;
    }

    /** Drops the storage and accumulator references. */
    void clear() {
        set(null, null, null, false);
    }

    @Override
    public void row(int n, int[] off, int[] st) {
        int ia = off[0];
        int io = off[1];
        if (floatSum) {
            float[] f = x.floats();
            if (st[1] == 0) {
                double s = acc[io];
                for (int i = 0; i < n; i++, ia += st[0]) {
                    s += f[ia];
                }
                acc[io] = s;
            } else {
                for (int i = 0; i < n; i++, ia += st[0], io += st[1]) {
                    acc[io] += f[ia];
                }
            }
            return;
        }
        for (int i = 0; i < n; i++, ia += st[0], io += st[1]) {
            acc[io] = op.combine(acc[io], x.getDouble(ia));
        }
    }
}
