package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import alf.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops (jdk.incubator.vector) for the exactly-rounded elementwise ops (+, −, ×, ÷, max, min, relu, its
 * backward, neg, abs, square) on contiguous rows, also with one operand broadcast (step 0). Exactly-rounded ops give
 * bit-identical results in the vector body and the scalar tail, so a value never depends on its position in a row.
 *
 * <p>Each vector operation is written out with a constant operator (the {@code switch} picks it per vector): the JIT
 * only compiles Vector API calls to SIMD instructions when the operator is a compile-time constant.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    private static boolean supported(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, RELU_BACKWARD -> true;
            default -> false;
        };
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            case RELU_BACKWARD -> a.blend(0f, b.compare(VectorOperators.LE, 0f).or(b.compare(VectorOperators.NE, b)));
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static DoubleVector apply(BinaryOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            case RELU_BACKWARD -> a.blend(0.0, b.compare(VectorOperators.LE, 0.0).or(b.compare(VectorOperators.NE, b)));
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /** Runs the row if it can (returns false otherwise, leaving the output untouched). */
    static boolean binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io,
            int so, int n) {
        if (!supported(op) || so != 1 || (sa != 1 && sa != 0) || (sb != 1 && sb != 0) || (sa == 0 && sb == 0)
                || n < FS.length()) {
            return false;
        }
        int bound = FS.loopBound(n);
        int step = FS.length();
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += step) {
                apply(op, FloatVector.fromArray(FS, a, ia + i), FloatVector.fromArray(FS, b, ib + i))
                        .intoArray(o, io + i);
            }
        } else if (sa == 1) {
            FloatVector vb = FloatVector.broadcast(FS, b[ib]);
            for (; i < bound; i += step) {
                apply(op, FloatVector.fromArray(FS, a, ia + i), vb).intoArray(o, io + i);
            }
        } else {
            FloatVector va = FloatVector.broadcast(FS, a[ia]);
            for (; i < bound; i += step) {
                apply(op, va, FloatVector.fromArray(FS, b, ib + i)).intoArray(o, io + i);
            }
        }
        for (; i < n; i++) {
            o[io + i] = (float) op.apply(a[ia + i * sa], b[ib + i * sb]);
        }
        return true;
    }

    /** float64 counterpart of {@link #binary(BinaryOp, float[], int, int, float[], int, int, float[], int, int, int)}. */
    static boolean binary(BinaryOp op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io,
            int so, int n) {
        if (!supported(op) || so != 1 || (sa != 1 && sa != 0) || (sb != 1 && sb != 0) || (sa == 0 && sb == 0)
                || n < DS.length()) {
            return false;
        }
        int bound = DS.loopBound(n);
        int step = DS.length();
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += step) {
                apply(op, DoubleVector.fromArray(DS, a, ia + i), DoubleVector.fromArray(DS, b, ib + i))
                        .intoArray(o, io + i);
            }
        } else if (sa == 1) {
            DoubleVector vb = DoubleVector.broadcast(DS, b[ib]);
            for (; i < bound; i += step) {
                apply(op, DoubleVector.fromArray(DS, a, ia + i), vb).intoArray(o, io + i);
            }
        } else {
            DoubleVector va = DoubleVector.broadcast(DS, a[ia]);
            for (; i < bound; i += step) {
                apply(op, va, DoubleVector.fromArray(DS, b, ib + i)).intoArray(o, io + i);
            }
        }
        for (; i < n; i++) {
            o[io + i] = op.apply(a[ia + i * sa], b[ib + i * sb]);
        }
        return true;
    }

    /** Contiguous float unary ops that are exactly rounded (relu, neg, abs, square); false if not handled. */
    static boolean unary(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int so, int n) {
        boolean ok = op == UnaryOp.RELU || op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SQUARE;
        if (!ok || sx != 1 || so != 1 || n < FS.length()) {
            return false;
        }
        int bound = FS.loopBound(n);
        int i = 0;
        for (; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, ix + i);
            FloatVector r = switch (op) {
                // max propagates NaN, as relu must
                case RELU -> v.max(0f);
                case NEG -> v.neg();
                case ABS -> v.abs();
                default -> v.mul(v);
            };
            r.intoArray(o, io + i);
        }
        for (; i < n; i++) {
            o[io + i] = (float) op.apply(x[ix + i]);
        }
        return true;
    }
}
