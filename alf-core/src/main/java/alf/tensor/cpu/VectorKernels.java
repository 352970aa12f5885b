package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import alf.tensor.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops (jdk.incubator.vector) for the exactly-rounded elementwise ops (+, −, ×, ÷, max, min, relu, its
 * backward, neg, abs, square) on contiguous rows, also with one operand broadcast (step 0). Exactly-rounded ops give
 * bit-identical results in the vector body and the scalar tail, so a value never depends on its position in a row.
 *
 * <p>Each vector operation is written out with a constant operator, one loop per operator (the {@code switch} picks the
 * loop): the JIT only compiles Vector API calls to SIMD instructions when the operator is a compile-time constant, and
 * only keeps the vectors in registers, allocating nothing, when no vector value merges from several branches.
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

    /** Per thread: one vector's worth of a broadcast float operand, so that every operand is loaded from an array. */
    private static final ThreadLocal<float[]> FLOAT_LANES = ThreadLocal.withInitial(() -> new float[FS.length()]);
    private static final ThreadLocal<double[]> DOUBLE_LANES = ThreadLocal.withInitial(() -> new double[DS.length()]);

    /**
     * Runs the row if it can (returns false otherwise, leaving the output untouched). A broadcast operand (step 0) is
     * copied into every lane of a per-thread array and read from there with step 0, so both operands of every loop
     * are loaded the same way and no vector value merges from two branches: the JIT then keeps the vectors in
     * registers. Likewise there is one loop per operator: vectors that meet from the branches of a switch inside a loop
     * are boxed (an object and an array each, several KB per call) once the JIT has seen more than one operator there.
     */
    static boolean binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io,
            int so, int n) {
        if (!supported(op) || so != 1 || (sa != 1 && sa != 0) || (sb != 1 && sb != 0) || (sa == 0 && sb == 0)
                || n < FS.length()) {
            return false;
        }
        int bound = FS.loopBound(n);
        int step = FS.length();
        float[] xa = a;
        float[] xb = b;
        int ja = ia;
        int jb = ib;
        if (sa == 0) {
            xa = FLOAT_LANES.get();
            Arrays.fill(xa, a[ia]);
            ja = 0;
        } else if (sb == 0) {
            xb = FLOAT_LANES.get();
            Arrays.fill(xb, b[ib]);
            jb = 0;
        }
        int ua = sa;
        int ub = sb;
        switch (op) {
            case ADD -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.add(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case SUB -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.sub(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MUL -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.mul(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case DIV -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.div(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.max(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector x = FloatVector.fromArray(FS, xa, ja + i * ua);
                    x.min(FloatVector.fromArray(FS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            default -> { // RELU_BACKWARD: the gradient a where the output b > 0, else 0 (also where b is NaN)
                for (int i = 0; i < bound; i += step) {
                    FloatVector y = FloatVector.fromArray(FS, xb, jb + i * ub);
                    FloatVector.fromArray(FS, xa, ja + i * ua).blend(0f, y.compare(VectorOperators.LE, 0f)
                            .or(y.compare(VectorOperators.NE, y))).intoArray(o, io + i);
                }
            }
        }
        for (int i = bound; i < n; i++) {
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
        double[] xa = a;
        double[] xb = b;
        int ja = ia;
        int jb = ib;
        if (sa == 0) {
            xa = DOUBLE_LANES.get();
            Arrays.fill(xa, a[ia]);
            ja = 0;
        } else if (sb == 0) {
            xb = DOUBLE_LANES.get();
            Arrays.fill(xb, b[ib]);
            jb = 0;
        }
        int ua = sa;
        int ub = sb;
        switch (op) {
            case ADD -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.add(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case SUB -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.sub(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MUL -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.mul(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case DIV -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.div(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.max(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < bound; i += step) {
                    DoubleVector x = DoubleVector.fromArray(DS, xa, ja + i * ua);
                    x.min(DoubleVector.fromArray(DS, xb, jb + i * ub)).intoArray(o, io + i);
                }
            }
            default -> { // RELU_BACKWARD: the gradient a where the output b > 0, else 0 (also where b is NaN)
                for (int i = 0; i < bound; i += step) {
                    DoubleVector y = DoubleVector.fromArray(DS, xb, jb + i * ub);
                    DoubleVector.fromArray(DS, xa, ja + i * ua).blend(0.0, y.compare(VectorOperators.LE, 0.0)
                            .or(y.compare(VectorOperators.NE, y))).intoArray(o, io + i);
                }
            }
        }
        for (int i = bound; i < n; i++) {
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
        int step = FS.length();
        switch (op) { // one loop per operator, as in binary
            case RELU -> {
                for (int i = 0; i < bound; i += step) {
                    // max propagates NaN, as relu must
                    FloatVector.fromArray(FS, x, ix + i).max(0f).intoArray(o, io + i);
                }
            }
            case NEG -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector.fromArray(FS, x, ix + i).neg().intoArray(o, io + i);
                }
            }
            case ABS -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector.fromArray(FS, x, ix + i).abs().intoArray(o, io + i);
                }
            }
            default -> {
                for (int i = 0; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, ix + i);
                    v.mul(v).intoArray(o, io + i);
                }
            }
        }
        for (int i = bound; i < n; i++) {
            o[io + i] = (float) op.apply(x[ix + i]);
        }
        return true;
    }
}
