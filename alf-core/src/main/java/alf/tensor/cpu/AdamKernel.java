package alf.tensor.cpu;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Tensor;

/**
 * The CPU's fused Adam-family update ({@link alf.tensor.Backend#adamStep}): one pass over the parameter doing, per
 * element, exactly the float operations of {@link AdamRule#applyComposed} in their order (see {@link AdamRule} for
 * the formula), so the bits equal those of the composition. Java float arithmetic is IEEE without contraction, and
 * the SIMD body ({@link AdamVectorKernel}) uses only exactly rounded lane operations (no fused multiply-add), so body
 * and scalar tail agree too. Nothing is written to the scratch slots: no one reads them.
 */
final class AdamKernel {
    private AdamKernel() {
    }

    /**
     * The rule's numbers in double, each rounded to the parameter's dtype where used (as a Java number in a tensor op
     * is): β₁, 1 − β₁, β₂, 1 − β₂, ε, λ, the decoupled factor d (1 when absent), s and c₂ (1 for TENSORFLOW).
     */
    record Coefficients(boolean pytorch, boolean l2, boolean decoupled, double beta1, double oneMinusBeta1,
            double beta2, double oneMinusBeta2, double eps, double l2Decay, double decay, double stepSize,
            double sqrtBiasCorrection2) {

        static Coefficients of(AdamRule r) {
            return new Coefficients(r.form() == AdamRule.Form.PYTORCH, r.l2Decay() != 0, r.decoupledDecay() != null,
                    r.beta1(), 1 - r.beta1(), r.beta2(), 1 - r.beta2(), r.eps(), r.l2Decay(),
                    r.decoupledDecay() == null ? 1 : valueOf(r.decoupledDecay()), valueOf(r.stepSize()),
                    r.sqrtBiasCorrection2() == null ? 1 : valueOf(r.sqrtBiasCorrection2()));
        }

        private static double valueOf(Tensor scalar) {
            return scalar.storage().getDouble(scalar.offset());
        }
    }

    /** {@link Coefficients} rounded to float32 once, for the float32 loops (a Java number in a float32 op is). */
    record FloatCoefficients(boolean pytorch, boolean l2, boolean decoupled, float beta1, float oneMinusBeta1,
            float beta2, float oneMinusBeta2, float eps, float l2Decay, float decay, float stepSize,
            float sqrtBiasCorrection2) {

        static FloatCoefficients of(Coefficients c) {
            return new FloatCoefficients(c.pytorch(), c.l2(), c.decoupled(), (float) c.beta1(),
                    (float) c.oneMinusBeta1(), (float) c.beta2(), (float) c.oneMinusBeta2(), (float) c.eps(),
                    (float) c.l2Decay(), (float) c.decay(), (float) c.stepSize(), (float) c.sqrtBiasCorrection2());
        }
    }

    /** Where each slot's elements start in its array, and how many there are. */
    record Offsets(int param, int grad, int expAvg, int expAvgSq, int maxExpAvgSq, int n) {
        static Offsets of(AdamSlots s) {
            return new Offsets(s.param().offset(), s.grad().offset(), s.expAvg().offset(), s.expAvgSq().offset(),
                    s.amsgrad() ? s.maxExpAvgSq().offset() : 0, s.param().numel());
        }
    }

    /** Runs the fused update when every slot is a contiguous float32 or float64 CPU tensor; false otherwise. */
    static boolean run(AdamRule rule, AdamSlots s) {
        DType dt = s.param().dtype();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64 || !fits(s.param()) || !fits(s.grad()) || !fits(s.expAvg())
                || !fits(s.expAvgSq()) || s.amsgrad() && !fits(s.maxExpAvgSq())) {
            return false;
        }
        Coefficients c = Coefficients.of(rule);
        if (dt == DType.FLOAT32) {
            floats(FloatCoefficients.of(c), s, Offsets.of(s));
        } else {
            doubles(c, s, Offsets.of(s));
        }
        return true;
    }

    private static boolean fits(Tensor t) {
        return t.storage() instanceof CpuStorage && t.isContiguous();
    }

    private static CpuStorage cpu(Tensor t) {
        return (CpuStorage) t.storage();
    }

    private static void floats(FloatCoefficients c, AdamSlots s, Offsets at) {
        float[] p = cpu(s.param()).floats();
        float[] g = cpu(s.grad()).floats();
        float[] m = cpu(s.expAvg()).floats();
        float[] v = cpu(s.expAvgSq()).floats();
        float[] x = s.amsgrad() ? cpu(s.maxExpAvgSq()).floats() : null;
        int i = VectorSupport.AVAILABLE ? AdamVectorKernel.floats(c, p, g, m, v, x, at) : 0;
        for (; i < at.n(); i++) {
            float pi = p[at.param() + i];
            if (c.decoupled()) {
                pi = pi * c.decay();
            }
            float gi = c.l2() ? pi * c.l2Decay() + g[at.grad() + i] : g[at.grad() + i];
            float mi = m[at.expAvg() + i] * c.beta1() + gi * c.oneMinusBeta1();
            float vi = v[at.expAvgSq() + i] * c.beta2() + gi * c.oneMinusBeta2() * gi;
            m[at.expAvg() + i] = mi;
            v[at.expAvgSq() + i] = vi;
            float second = vi;
            if (x != null) {
                second = (float) BinaryOp.MAXIMUM.apply(x[at.maxExpAvgSq() + i], vi);
                x[at.maxExpAvgSq() + i] = second;
            }
            float root = (float) Math.sqrt(second);
            p[at.param() + i] = c.pytorch() ? pi + mi * c.stepSize() / (root / c.sqrtBiasCorrection2() + c.eps())
                    : pi - mi * c.stepSize() / (root + c.eps());
        }
    }

    private static void doubles(Coefficients c, AdamSlots s, Offsets at) {
        double[] p = cpu(s.param()).doubles();
        double[] g = cpu(s.grad()).doubles();
        double[] m = cpu(s.expAvg()).doubles();
        double[] v = cpu(s.expAvgSq()).doubles();
        double[] x = s.amsgrad() ? cpu(s.maxExpAvgSq()).doubles() : null;
        int i = VectorSupport.AVAILABLE ? AdamVectorKernel.doubles(c, p, g, m, v, x, at) : 0;
        for (; i < at.n(); i++) {
            double pi = p[at.param() + i];
            if (c.decoupled()) {
                pi = pi * c.decay();
            }
            double gi = c.l2() ? pi * c.l2Decay() + g[at.grad() + i] : g[at.grad() + i];
            double mi = m[at.expAvg() + i] * c.beta1() + gi * c.oneMinusBeta1();
            double vi = v[at.expAvgSq() + i] * c.beta2() + gi * c.oneMinusBeta2() * gi;
            m[at.expAvg() + i] = mi;
            v[at.expAvgSq() + i] = vi;
            double second = vi;
            if (x != null) {
                second = BinaryOp.MAXIMUM.apply(x[at.maxExpAvgSq() + i], vi);
                x[at.maxExpAvgSq() + i] = second;
            }
            double root = Math.sqrt(second);
            p[at.param() + i] = c.pytorch() ? pi + mi * c.stepSize() / (root / c.sqrtBiasCorrection2() + c.eps())
                    : pi - mi * c.stepSize() / (root + c.eps());
        }
    }
}
