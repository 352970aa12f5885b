package alf.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector body of {@link FiniteScan} on the Vector API: the same exponent test, (bits &amp; exponent mask) + one
 * exponent unit, whose sign bit is set exactly when the exponent field is all ones (NaN or ±∞), OR-ed lane-wise over
 * every whole vector of the run and then across the lanes. One loop with constant operators and one accumulator that
 * never merges from branches, so the JIT keeps it in a register and the scan allocates nothing. Loaded only when
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

    /**
     * The OR over a[from .. from + bound) of (bits &amp; {@code exponent}) + {@code unit}; {@code bound} a multiple
     * of the vector length ({@link #floatBound}).
     */
    static int floats(float[] a, int from, int bound, int exponent, int unit) {
        IntVector acc = IntVector.zero(IntVector.SPECIES_PREFERRED);
        int step = FS.length();
        for (int i = 0; i < bound; i += step) {
            IntVector bits = FloatVector.fromArray(FS, a, from + i).reinterpretAsInts();
            acc = acc.or(bits.and(exponent).add(unit));
        }
        return acc.reduceLanes(VectorOperators.OR);
    }

    /** float64 counterpart of {@link #floats}. */
    static long doubles(double[] a, int from, int bound, long exponent, long unit) {
        LongVector acc = LongVector.zero(LongVector.SPECIES_PREFERRED);
        int step = DS.length();
        for (int i = 0; i < bound; i += step) {
            LongVector bits = DoubleVector.fromArray(DS, a, from + i).reinterpretAsLongs();
            acc = acc.or(bits.and(exponent).add(unit));
        }
        return acc.reduceLanes(VectorOperators.OR);
    }
}
