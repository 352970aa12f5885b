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

    /** Runs the fused update when every slot is a contiguous float32 or float64 CPU tensor; false otherwise. */
    static boolean run(AdamRule rule, AdamSlots s) {
        DType dt = s.param().dtype();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64) {
            return false;
        }
        Tensor[] own = {s.param(), s.grad(), s.expAvg(), s.expAvgSq(), s.amsgrad() ? s.maxExpAvgSq() : s.expAvgSq()};
        for (Tensor t : own) {
            if (!(t.storage() instanceof CpuStorage) || !t.isContiguous()) {
                return false;
            }
        }
        Coefficients c = Coefficients.of(rule);
        if (dt == DType.FLOAT32) {
            floats(c, s);
        } else {
            doubles(c, s);
        }
        return true;
    }

    private static CpuStorage cpu(Tensor t) {
        return (CpuStorage) t.storage();
    }

    private static void floats(Coefficients c, AdamSlots s) {
        float[] p = cpu(s.param()).floats();
        float[] g = cpu(s.grad()).floats();
        float[] m = cpu(s.expAvg()).floats();
        float[] v = cpu(s.expAvgSq()).floats();
        float[] x = s.amsgrad() ? cpu(s.maxExpAvgSq()).floats() : null;
        int po = s.param().offset();
        int go = s.grad().offset();
        int mo = s.expAvg().offset();
        int vo = s.expAvgSq().offset();
        int xo = s.amsgrad() ? s.maxExpAvgSq().offset() : 0;
        int n = s.param().numel();
        int i = VectorSupport.AVAILABLE ? AdamVectorKernel.floats(c, p, po, g, go, m, mo, v, vo, x, xo, n) : 0;
        float b1 = (float) c.beta1();
        float omb1 = (float) c.oneMinusBeta1();
        float b2 = (float) c.beta2();
        float omb2 = (float) c.oneMinusBeta2();
        float eps = (float) c.eps();
        float wd = (float) c.l2Decay();
        float d = (float) c.decay();
        float step = (float) c.stepSize();
        float c2 = (float) c.sqrtBiasCorrection2();
        for (; i < n; i++) {
            float pi = p[po + i];
            if (c.decoupled()) {
                pi = pi * d;
            }
            float gi = c.l2() ? pi * wd + g[go + i] : g[go + i];
            float mi = m[mo + i] * b1 + gi * omb1;
            float vi = v[vo + i] * b2 + gi * omb2 * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float second = vi;
            if (x != null) {
                second = (float) BinaryOp.MAXIMUM.apply(x[xo + i], vi);
                x[xo + i] = second;
            }
            float root = (float) Math.sqrt(second);
            p[po + i] = c.pytorch() ? pi + mi * step / (root / c2 + eps) : pi - mi * step / (root + eps);
        }
    }

    private static void doubles(Coefficients c, AdamSlots s) {
        double[] p = cpu(s.param()).doubles();
        double[] g = cpu(s.grad()).doubles();
        double[] m = cpu(s.expAvg()).doubles();
        double[] v = cpu(s.expAvgSq()).doubles();
        double[] x = s.amsgrad() ? cpu(s.maxExpAvgSq()).doubles() : null;
        int po = s.param().offset();
        int go = s.grad().offset();
        int mo = s.expAvg().offset();
        int vo = s.expAvgSq().offset();
        int xo = s.amsgrad() ? s.maxExpAvgSq().offset() : 0;
        int n = s.param().numel();
        int i = VectorSupport.AVAILABLE ? AdamVectorKernel.doubles(c, p, po, g, go, m, mo, v, vo, x, xo, n) : 0;
        for (; i < n; i++) {
            double pi = p[po + i];
            if (c.decoupled()) {
                pi = pi * c.decay();
            }
            double gi = c.l2() ? pi * c.l2Decay() + g[go + i] : g[go + i];
            double mi = m[mo + i] * c.beta1() + gi * c.oneMinusBeta1();
            double vi = v[vo + i] * c.beta2() + gi * c.oneMinusBeta2() * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            double second = vi;
            if (x != null) {
                second = BinaryOp.MAXIMUM.apply(x[xo + i], vi);
                x[xo + i] = second;
            }
            double root = Math.sqrt(second);
            p[po + i] = c.pytorch() ? pi + mi * c.stepSize() / (root / c.sqrtBiasCorrection2() + c.eps())
                    : pi - mi * c.stepSize() / (root + c.eps());
        }
    }
}
