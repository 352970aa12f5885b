package alf.tensor.cpu;

import alf.tensor.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD loops (jdk.incubator.vector) for the exactly-rounded elementwise ops (+, −, ×, ÷, max, min) on contiguous
 * rows, also with one operand broadcast (step 0). Exactly-rounded ops give bit-identical results in the vector and
 * the scalar tail, so a value never depends on its position in a row.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    private static VectorOperators.Binary vectorOp(BinaryOp op) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            case MAXIMUM -> VectorOperators.MAX;
            case MINIMUM -> VectorOperators.MIN;
            default -> null;
        };
    }

    /** Runs the row if it can (returns false otherwise, leaving the output untouched). */
    static boolean binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io,
            int so, int n) {
        VectorOperators.Binary vop = vectorOp(op);
        if (vop == null || so != 1 || (sa != 1 && sa != 0) || (sb != 1 && sb != 0) || n < FS.length()) {
            return false;
        }
        int bound = FS.loopBound(n);
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += FS.length()) {
                FloatVector.fromArray(FS, a, ia + i).lanewise(vop, FloatVector.fromArray(FS, b, ib + i))
                        .intoArray(o, io + i);
            }
        } else if (sa == 1) {
            FloatVector vb = FloatVector.broadcast(FS, b[ib]);
            for (; i < bound; i += FS.length()) {
                FloatVector.fromArray(FS, a, ia + i).lanewise(vop, vb).intoArray(o, io + i);
            }
        } else if (sb == 1) {
            FloatVector va = FloatVector.broadcast(FS, a[ia]);
            for (; i < bound; i += FS.length()) {
                va.lanewise(vop, FloatVector.fromArray(FS, b, ib + i)).intoArray(o, io + i);
            }
        } else {
            return false;
        }
        for (; i < n; i++) {
            o[io + i] = (float) op.apply(a[ia + i * sa], b[ib + i * sb]);
        }
        return true;
    }

    /** float64 counterpart of {@link #binary(BinaryOp, float[], int, int, float[], int, int, float[], int, int, int)}. */
    static boolean binary(BinaryOp op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io,
            int so, int n) {
        VectorOperators.Binary vop = vectorOp(op);
        if (vop == null || so != 1 || (sa != 1 && sa != 0) || (sb != 1 && sb != 0) || n < DS.length()) {
            return false;
        }
        int bound = DS.loopBound(n);
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += DS.length()) {
                DoubleVector.fromArray(DS, a, ia + i).lanewise(vop, DoubleVector.fromArray(DS, b, ib + i))
                        .intoArray(o, io + i);
            }
        } else if (sa == 1) {
            DoubleVector vb = DoubleVector.broadcast(DS, b[ib]);
            for (; i < bound; i += DS.length()) {
                DoubleVector.fromArray(DS, a, ia + i).lanewise(vop, vb).intoArray(o, io + i);
            }
        } else if (sb == 1) {
            DoubleVector va = DoubleVector.broadcast(DS, a[ia]);
            for (; i < bound; i += DS.length()) {
                va.lanewise(vop, DoubleVector.fromArray(DS, b, ib + i)).intoArray(o, io + i);
            }
        } else {
            return false;
        }
        for (; i < n; i++) {
            o[io + i] = op.apply(a[ia + i * sa], b[ib + i * sb]);
        }
        return true;
    }
}
