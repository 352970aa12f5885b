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
    static int floats(AdamKernel.Coefficients c, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v,
            int vo, float[] x, int xo, int n) {
        int bound = FS.loopBound(n);
        float b1 = (float) c.beta1();
        float omb1 = (float) c.oneMinusBeta1();
        float b2 = (float) c.beta2();
        float omb2 = (float) c.oneMinusBeta2();
        float eps = (float) c.eps();
        float wd = (float) c.l2Decay();
        float d = (float) c.decay();
        float step = (float) c.stepSize();
        float c2 = (float) c.sqrtBiasCorrection2();
        for (int i = 0; i < bound; i += FS.length()) {
            FloatVector pi = FloatVector.fromArray(FS, p, po + i);
            if (c.decoupled()) {
                pi = pi.mul(d);
            }
            FloatVector gi = FloatVector.fromArray(FS, g, go + i);
            if (c.l2()) {
                gi = pi.mul(wd).add(gi);
            }
            FloatVector mi = FloatVector.fromArray(FS, m, mo + i).mul(b1).add(gi.mul(omb1));
            FloatVector vi = FloatVector.fromArray(FS, v, vo + i).mul(b2).add(gi.mul(omb2).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector second = vi;
            if (x != null) {
                second = FloatVector.fromArray(FS, x, xo + i).max(vi);
                second.intoArray(x, xo + i);
            }
            FloatVector root = second.sqrt();
            FloatVector update = mi.mul(step);
            pi = c.pytorch() ? pi.add(update.div(root.div(c2).add(eps))) : pi.sub(update.div(root.add(eps)));
            pi.intoArray(p, po + i);
        }
        return bound;
    }

    /** float64 counterpart of {@link #floats}. */
    static int doubles(AdamKernel.Coefficients c, double[] p, int po, double[] g, int go, double[] m, int mo,
            double[] v, int vo, double[] x, int xo, int n) {
        int bound = DS.loopBound(n);
        for (int i = 0; i < bound; i += DS.length()) {
            DoubleVector pi = DoubleVector.fromArray(DS, p, po + i);
            if (c.decoupled()) {
                pi = pi.mul(c.decay());
            }
            DoubleVector gi = DoubleVector.fromArray(DS, g, go + i);
            if (c.l2()) {
                gi = pi.mul(c.l2Decay()).add(gi);
            }
            DoubleVector mi = DoubleVector.fromArray(DS, m, mo + i).mul(c.beta1()).add(gi.mul(c.oneMinusBeta1()));
            DoubleVector vi = DoubleVector.fromArray(DS, v, vo + i).mul(c.beta2())
                    .add(gi.mul(c.oneMinusBeta2()).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            DoubleVector second = vi;
            if (x != null) {
                second = DoubleVector.fromArray(DS, x, xo + i).max(vi);
                second.intoArray(x, xo + i);
            }
            DoubleVector root = second.sqrt();
            DoubleVector update = mi.mul(c.stepSize());
            pi = c.pytorch() ? pi.add(update.div(root.div(c.sqrtBiasCorrection2()).add(c.eps())))
                    : pi.sub(update.div(root.add(c.eps())));
            pi.intoArray(p, po + i);
        }
        return bound;
    }
}
