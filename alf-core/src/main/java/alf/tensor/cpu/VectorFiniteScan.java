package alf.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector body of {@link FiniteScan} on the Vector API, in IEEE 754 arithmetic: x − x is +0 exactly for every finite
 * x and NaN for NaN and ±∞, and a sum of +0s is +0 while any NaN term makes it NaN, so the lane-wise sums of x − x
 * over the whole vectors of a run are all +0 exactly when every element there is finite (nothing can overflow: the
 * terms are 0 or NaN). One loop with constant operators and one accumulator that never merges from branches, so the
 * JIT keeps it in a register and the scan allocates nothing; it stays in floating point (no reinterpretation of the
 * bits), which also keeps the Vector API's interpreted fallback cheap while the JIT warms up. Loaded only when
 * {@link VectorSupport#AVAILABLE}.
 */
final class VectorFiniteScan {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private VectorFiniteScan() {
    }

    /** Elements of a float32 run the vector body covers: n rounded down to whole vectors. */
    static int floatBound(int n) {
        return FS.loopBound(n);
    }

    /** Elements of a float64 run the vector body covers: n rounded down to whole vectors. */
    static int doubleBound(int n) {
        return DS.loopBound(n);
    }

    /** Whether a[from .. from + bound) are all finite; {@code bound} a multiple of the vector length. */
    static boolean floats(float[] a, int from, int bound) {
        FloatVector acc = FloatVector.zero(FS);
        for (int i = 0; i < bound; i += FS.length()) {
            FloatVector x = FloatVector.fromArray(FS, a, from + i);
            acc = acc.add(x.sub(x));
        }
        return acc.reduceLanes(VectorOperators.ADD) == 0f;
    }

    /** Whether a[from .. from + bound) are all finite; {@code bound} a multiple of the vector length. */
    static boolean doubles(double[] a, int from, int bound) {
        DoubleVector acc = DoubleVector.zero(DS);
        for (int i = 0; i < bound; i += DS.length()) {
            DoubleVector x = DoubleVector.fromArray(DS, a, from + i);
            acc = acc.add(x.sub(x));
        }
        return acc.reduceLanes(VectorOperators.ADD) == 0d;
    }
}
