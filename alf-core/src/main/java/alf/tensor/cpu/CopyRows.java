package alf.tensor.cpu;

import alf.tensor.DType;

/**
 * The row loop of {@link CpuBackend#copy} for strided operands or a dtype conversion, as one reusable visitor per
 * thread (a capturing lambda would be a new object on every call; a replayed plan casts Java numbers to float32 with
 * such copies every step). Converts as a cast: through double when either dtype is floating point, else through long.
 * Call order: {@link #forThread}, {@link #set}, {@code StridedLoop.run(..., visitor)}, {@link #clear}.
 */
final class CopyRows implements StridedLoop.RowVisitor {
    private static final ThreadLocal<CopyRows> ROWS = ThreadLocal.withInitial(CopyRows::new);

    private CpuStorage from;
    private CpuStorage to;

    private CopyRows() {
    }

    /** This thread's visitor (copies do not nest, so one suffices). */
    static CopyRows forThread() {
        return ROWS.get();
    }

    /** {@code to = from} elementwise, converted to {@code to}'s dtype. */
    CopyRows set(CpuStorage from, CpuStorage to) {
        this.from = from;
        this.to = to;
        return this;
    }

    /** Drops the storages, so a thread's visitor does not keep arrays alive. */
    void clear() {
        set(null, null);
    }

    @Override
    public void row(int n, int[] off, int[] st) {
        int ia = off[0];
        int io = off[1];
        int sa = st[0];
        int so = st[1];
        DType sd = from.dtype();
        DType dd = to.dtype();
        if (sd == dd && sa == 1 && so == 1) {
            System.arraycopy(from.array(), ia, to.array(), io, n);
        } else if (sd == DType.FLOAT32 && dd == DType.FLOAT32) {
            float[] x = from.floats();
            float[] y = to.floats();
            for (int i = 0; i < n; i++, ia += sa, io += so) {
                y[io] = x[ia];
            }
        } else if (sd == DType.FLOAT64 && dd == DType.FLOAT64) {
            double[] x = from.doubles();
            double[] y = to.doubles();
            for (int i = 0; i < n; i++, ia += sa, io += so) {
                y[io] = x[ia];
            }
        } else if (sd.isFloatingPoint() || dd.isFloatingPoint()) {
            for (int i = 0; i < n; i++, ia += sa, io += so) {
                to.setDouble(io, from.getDouble(ia));
            }
        } else {
            for (int i = 0; i < n; i++, ia += sa, io += so) {
                to.setLong(io, from.getLong(ia));
            }
        }
    }
}
