package alf.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD body of {@link AdamKernel}: whole vectors of the update, lane by lane the same exactly rounded float
 * operations in the same order as the scalar loop (multiply, add, divide, square root, max; no fused multiply-add).
 * Loaded only when {@link VectorSupport#AVAILABLE}.
 */
final class AdamVectorKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private AdamVectorKernel() {
    }

    /** Updates elements [0, loopBound(n)) of the float32 slots ({@code x} null without AMSGrad); returns the bound. */
    static int floats(AdamKernel.FloatCoefficients c, float[] p, float[] g, float[] m, float[] v, float[] x,
            AdamKernel.Offsets at) {
        int bound = FS.loopBound(at.n());
        for (int i = 0; i < bound; i += FS.length()) {
            FloatVector pi = FloatVector.fromArray(FS, p, at.param() + i);
            if (c.decoupled()) {
                pi = pi.mul(c.decay());
            }
            FloatVector gi = FloatVector.fromArray(FS, g, at.grad() + i);
            if (c.l2()) {
                gi = pi.mul(c.l2Decay()).add(gi);
            }
            FloatVector mi = FloatVector.fromArray(FS, m, at.expAvg() + i).mul(c.beta1())
                    .add(gi.mul(c.oneMinusBeta1()));
            FloatVector vi = FloatVector.fromArray(FS, v, at.expAvgSq() + i).mul(c.beta2())
                    .add(gi.mul(c.oneMinusBeta2()).mul(gi));
            mi.intoArray(m, at.expAvg() + i);
            vi.intoArray(v, at.expAvgSq() + i);
            FloatVector second = vi;
            if (x != null) {
                second = FloatVector.fromArray(FS, x, at.maxExpAvgSq() + i).max(vi);
                second.intoArray(x, at.maxExpAvgSq() + i);
            }
            FloatVector root = second.sqrt();
            FloatVector update = mi.mul(c.stepSize());
            pi = c.pytorch() ? pi.add(update.div(root.div(c.sqrtBiasCorrection2()).add(c.eps())))
                    : pi.sub(update.div(root.add(c.eps())));
            pi.intoArray(p, at.param() + i);
        }
        return bound;
    }

    /** float64 counterpart of {@link #floats}. */
    static int doubles(AdamKernel.Coefficients c, double[] p, double[] g, double[] m, double[] v, double[] x,
            AdamKernel.Offsets at) {
        int bound = DS.loopBound(at.n());
        for (int i = 0; i < bound; i += DS.length()) {
            DoubleVector pi = DoubleVector.fromArray(DS, p, at.param() + i);
            if (c.decoupled()) {
                pi = pi.mul(c.decay());
            }
            DoubleVector gi = DoubleVector.fromArray(DS, g, at.grad() + i);
            if (c.l2()) {
                gi = pi.mul(c.l2Decay()).add(gi);
            }
            DoubleVector mi = DoubleVector.fromArray(DS, m, at.expAvg() + i).mul(c.beta1())
                    .add(gi.mul(c.oneMinusBeta1()));
            DoubleVector vi = DoubleVector.fromArray(DS, v, at.expAvgSq() + i).mul(c.beta2())
                    .add(gi.mul(c.oneMinusBeta2()).mul(gi));
            mi.intoArray(m, at.expAvg() + i);
            vi.intoArray(v, at.expAvgSq() + i);
            DoubleVector second = vi;
            if (x != null) {
                second = DoubleVector.fromArray(DS, x, at.maxExpAvgSq() + i).max(vi);
                second.intoArray(x, at.maxExpAvgSq() + i);
            }
            DoubleVector root = second.sqrt();
            DoubleVector update = mi.mul(c.stepSize());
            pi = c.pytorch() ? pi.add(update.div(root.div(c.sqrtBiasCorrection2()).add(c.eps())))
                    : pi.sub(update.div(root.add(c.eps())));
            pi.intoArray(p, at.param() + i);
        }
        return bound;
    }
}
