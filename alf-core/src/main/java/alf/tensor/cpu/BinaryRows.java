package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import alf.tensor.DType;

/**
 * The row loop of {@link CpuBackend#binary} for strided or broadcast operands, as one reusable visitor per thread
 * (a capturing lambda would be a new object on every call, and a replayed plan makes hundreds of calls per step).
 * Call order: {@link #forThread}, {@link #set}, {@code StridedLoop.run(..., visitor)}, {@link #clear}.
 */
final class BinaryRows implements StridedLoop.RowVisitor {
    private static final ThreadLocal<BinaryRows> ROWS = ThreadLocal.withInitial(BinaryRows::new);

    private BinaryOp op;
    private CpuStorage a;
    private CpuStorage b;
    private CpuStorage o;

    private BinaryRows() {
    }

    /** This thread's visitor (binary kernels do not nest, so one suffices). */
    static BinaryRows forThread() {
        return ROWS.get();
    }

    /** {@code o = op(a, b)} elementwise; the computation dtype is {@code a}'s, the output dtype {@code o}'s. */
    BinaryRows set(BinaryOp op, CpuStorage a, CpuStorage b, CpuStorage o) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.o = o;
        return this;
    }

    /** Drops the storages, so a thread's visitor does not keep arrays alive. */
    void clear() {
        set(null, null, null, null);
    }

    @Override
    public void row(int n, int[] off, int[] st) {
        DType ct = a.dtype();
        DType ot = o.dtype();
        if (ct == DType.FLOAT32 && ot == DType.FLOAT32) {
            FloatKernels.binary(op, a.floats(), off[0], st[0], b.floats(), off[1], st[1], o.floats(), off[2], st[2], n);
        } else if (ct == DType.FLOAT64 && ot == DType.FLOAT64) {
            double[] da = a.doubles();
            double[] db = b.doubles();
            double[] dout = o.doubles();
            if (!(VectorSupport.AVAILABLE
                    && VectorKernels.binary(op, da, off[0], st[0], db, off[1], st[1], dout, off[2], st[2], n))) {
                for (int i = 0, ia = off[0], ib = off[1], io = off[2]; i < n;
                        i++, ia += st[0], ib += st[1], io += st[2]) {
                    dout[io] = op.apply(da[ia], db[ib]);
                }
            }
        } else if (ct.isFloatingPoint()) {
            for (int i = 0, ia = off[0], ib = off[1], io = off[2]; i < n; i++, ia += st[0], ib += st[1], io += st[2]) {
                o.setDouble(io, op.apply(a.getDouble(ia), b.getDouble(ib)));
            }
        } else {
            for (int i = 0, ia = off[0], ib = off[1], io = off[2]; i < n; i++, ia += st[0], ib += st[1], io += st[2]) {
                o.setLong(io, op.applyLong(a.getLong(ia), b.getLong(ib)));
            }
        }
    }
}
