package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import alf.tensor.UnaryOp;

/**
 * float32 row loops: one specialised loop per hot op (so the JIT compiles each without a call per element), the
 * reference {@link UnaryOp#apply}/{@link BinaryOp#apply} definitions for the rest. Transcendentals are evaluated in
 * double and rounded once to float32.
 */
final class FloatKernels {
    private FloatKernels() {
    }

    static void unary(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int so, int n) {
        if (VectorSupport.AVAILABLE && VectorKernels.unary(op, x, ix, sx, o, io, so, n)) {
            return;
        }
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = -x[ix];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    float v = x[ix];
                    o[io] = v > 0f ? v : (v != v ? v : 0f);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = (float) Math.exp(x[ix]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = (float) Math.log(x[ix]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = (float) StrictMath.tanh(x[ix]); // the same bits on every JDK, see UnaryOp.TANH
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    float v = x[ix];
                    o[io] = v * v;
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = (float) Math.sqrt(x[ix]);
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = Math.abs(x[ix]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++, ix += sx, io += so) {
                    o[io] = (float) op.apply(x[ix]);
                }
            }
        }
    }

    static void binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int so,
            int n) {
        if (VectorSupport.AVAILABLE && VectorKernels.binary(op, a, ia, sa, b, ib, sb, o, io, so, n)) {
            return;
        }
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = a[ia] + b[ib];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = a[ia] - b[ib];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = a[ia] * b[ib];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = a[ia] / b[ib];
                }
            }
            case RELU_BACKWARD -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = b[ib] > 0f ? a[ia] : 0f;
                }
            }
            default -> {
                for (int i = 0; i < n; i++, ia += sa, ib += sb, io += so) {
                    o[io] = (float) op.apply(a[ia], b[ib]);
                }
            }
        }
    }
}
