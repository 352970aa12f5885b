package alf.tensor.cpu;

import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;

/**
 * The CPU's squashed-Gaussian log-density and its backward ({@link alf.tensor.SquashedGaussian} gives the formula):
 * one pass over each batch row of contiguous float32/float64 tensors doing, per element, exactly the float
 * operations of the composed tensor ops in their order (each op's result rounded to the dtype, transcendentals
 * evaluated in double and rounded once as the unary kernels do, Java numbers rounded to the dtype as an op's operand
 * is, no fused multiply-add) and accumulating the event sums in double in row-major order from 0 as the reduce kernel
 * does, so the bits equal those of the separate kernels.
 */
final class SquashedGaussianKernel {
    private static final double LOG_2 = Math.log(2.0);
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
    private static final double THRESHOLD = 20.0;

    private SquashedGaussianKernel() {
    }

    /** Runs the forward pass when every operand is a contiguous float32/float64 CPU tensor; false otherwise. */
    static boolean forward(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, Tensor out) {
        if (!fits(u, u) || !fits(loc, u) || !fits(scale, u) || !fits(out, u) || eventScale != null
                && !fits(eventScale, u)) {
            return false;
        }
        int rows = out.numel();
        int event = rows == 0 ? 0 : u.numel() / rows;
        if (u.dtype() == DType.FLOAT32) {
            float[] s = eventScale == null ? null : floats(eventScale);
            floatForward(floats(u), u.offset(), floats(loc), loc.offset(), floats(scale), scale.offset(), s,
                    eventScale == null ? 0 : eventScale.offset(), floats(out), out.offset(), rows, event);
        } else {
            double[] s = eventScale == null ? null : doubles(eventScale);
            doubleForward(doubles(u), u.offset(), doubles(loc), loc.offset(), doubles(scale), scale.offset(), s,
                    eventScale == null ? 0 : eventScale.offset(), doubles(out), out.offset(), rows, event);
        }
        return true;
    }

    /** Runs the backward pass when every operand is a contiguous (g: or 1-d) float32/float64 CPU tensor; else false. */
    static boolean backward(Tensor g, Tensor u, Tensor loc, Tensor scale, Tensor gu, Tensor gLoc, Tensor gScale) {
        boolean gFits = g.storage() instanceof CpuStorage && g.dtype() == u.dtype()
                && (g.isContiguous() || g.dim() == 1);
        if (!gFits || !fits(u, u) || !fits(loc, u) || !fits(scale, u) || !fits(gu, u) || !fits(gLoc, u)
                || !fits(gScale, u)) {
            return false;
        }
        int rows = g.numel();
        int event = rows == 0 ? 0 : u.numel() / rows;
        int gStride = g.dim() == 1 ? g.stride(0) : 1;
        Offsets at = new Offsets(g.offset(), gStride, u.offset(), loc.offset(), scale.offset(), gu.offset(),
                gLoc.offset(), gScale.offset(), rows, event);
        if (u.dtype() == DType.FLOAT32) {
            floatBackward(floats(g), floats(u), floats(loc), floats(scale), floats(gu), floats(gLoc), floats(gScale),
                    at);
        } else {
            doubleBackward(doubles(g), doubles(u), doubles(loc), doubles(scale), doubles(gu), doubles(gLoc),
                    doubles(gScale), at);
        }
        return true;
    }

    /** Where the backward's operands start, g's stride, and the batch rows and event size. */
    private record Offsets(int g, int gStride, int u, int loc, int scale, int gu, int gLoc, int gScale, int rows,
            int event) {
    }

    private static boolean fits(Tensor t, Tensor like) {
        DType dt = like.dtype();
        return (dt == DType.FLOAT32 || dt == DType.FLOAT64) && t.dtype() == dt && t.storage() instanceof CpuStorage
                && t.isContiguous();
    }

    private static float[] floats(Tensor t) {
        return ((CpuStorage) t.storage()).floats();
    }

    private static double[] doubles(Tensor t) {
        return ((CpuStorage) t.storage()).doubles();
    }

    /**
     * Per row: Σ_event log|s| (once: it does not depend on the row), Σ_event 2·((log 2 − u) − sp(−2u)) and
     * Σ_event ((−(u − μ)²)/(σ²·2) − log σ − log √(2π)), combined as (−Σlog|s| − Σtanh) + Σnormal.
     */
    private static void floatForward(float[] u, int uo, float[] mu, int mo, float[] sigma, int so, float[] s,
            int sOff, float[] out, int oo, int rows, int event) {
        float log2 = (float) LOG_2;
        float logSqrt2Pi = (float) LOG_SQRT_2PI;
        float threshold = (float) THRESHOLD;
        float affine = 0f;
        if (s != null) {
            double sum = 0.0;
            for (int e = 0; e < event; e++) {
                sum += (float) Math.log(Math.abs(s[sOff + e]));
            }
            affine = -(float) sum;
        }
        for (int r = 0, i = 0; r < rows; r++) {
            double tanhSum = 0.0;
            double normalSum = 0.0;
            for (int e = 0; e < event; e++, i++) {
                float x = u[uo + i];
                float sd = sigma[so + i];
                float m = x * -2f;
                float softplus = m > threshold ? m : (float) UnaryOp.SOFTPLUS.apply(m);
                tanhSum += ((log2 - x) - softplus) * 2f;
                float diff = x - mu[mo + i];
                float twoVariance = (sd * sd) * 2f;
                normalSum += ((-(diff * diff)) / twoVariance - (float) Math.log(sd)) - logSqrt2Pi;
            }
            float tanh = (float) tanhSum;
            float head = s != null ? affine - tanh : -tanh;
            out[oo + r] = head + (float) normalSum;
        }
    }

    /** {@link #floatForward} in float64. */
    private static void doubleForward(double[] u, int uo, double[] mu, int mo, double[] sigma, int so, double[] s,
            int sOff, double[] out, int oo, int rows, int event) {
        double affine = 0.0;
        if (s != null) {
            double sum = 0.0;
            for (int e = 0; e < event; e++) {
                sum += Math.log(Math.abs(s[sOff + e]));
            }
            affine = -sum;
        }
        for (int r = 0, i = 0; r < rows; r++) {
            double tanhSum = 0.0;
            double normalSum = 0.0;
            for (int e = 0; e < event; e++, i++) {
                double x = u[uo + i];
                double sd = sigma[so + i];
                double m = x * -2.0;
                double softplus = m > THRESHOLD ? m : UnaryOp.SOFTPLUS.apply(m);
                tanhSum += ((LOG_2 - x) - softplus) * 2.0;
                double diff = x - mu[mo + i];
                double twoVariance = (sd * sd) * 2.0;
                normalSum += ((-(diff * diff)) / twoVariance - Math.log(sd)) - LOG_SQRT_2PI;
            }
            double head = s != null ? affine - tanhSum : -tanhSum;
            out[oo + r] = head + normalSum;
        }
    }

    /**
     * Per element, with G the row's output gradient: the Normal part gives dq = G, d(log σ) = −G, so
     * gσ = (−G)/σ + ((((−G)·(−(u − μ)²))/(2σ²·2σ²))·2·σ)·2 and g(u − μ) = ((−(G/(2σ²)))·(u − μ))·2 (gμ its
     * negation); the tanh part gives t = (−G)·2 and softplus's argument −2u the gradient −t (times sigmoid(−2u) below
     * the threshold), so gu = (g(u − μ) + (that)·(−2)) + (−t).
     */
    private static void floatBackward(float[] g, float[] u, float[] mu, float[] sigma, float[] gu, float[] gMu,
            float[] gSigma, Offsets at) {
        float threshold = (float) THRESHOLD;
        for (int r = 0, i = 0; r < at.rows(); r++) {
            float grad = g[at.g() + r * at.gStride()];
            float twice = -grad * 2f;
            for (int e = 0; e < at.event(); e++, i++) {
                float x = u[at.u() + i];
                float sd = sigma[at.scale() + i];
                float diff = x - mu[at.loc() + i];
                float negSquare = -(diff * diff);
                float twoVariance = (sd * sd) * 2f;
                float gTwoVariance = (-grad * negSquare) / (twoVariance * twoVariance);
                float gDiff = (-(grad / twoVariance) * diff) * 2f;
                gSigma[at.gScale() + i] = -grad / sd + ((gTwoVariance * 2f) * sd) * 2f;
                gMu[at.gLoc() + i] = -gDiff;
                float m = x * -2f;
                float gSoftplus = -twice;
                float gm = m > threshold ? gSoftplus : gSoftplus * (float) UnaryOp.SIGMOID.apply(m);
                gu[at.gu() + i] = (gDiff + gm * -2f) + -twice;
            }
        }
    }

    /** {@link #floatBackward} in float64. */
    private static void doubleBackward(double[] g, double[] u, double[] mu, double[] sigma, double[] gu, double[] gMu,
            double[] gSigma, Offsets at) {
        for (int r = 0, i = 0; r < at.rows(); r++) {
            double grad = g[at.g() + r * at.gStride()];
            double twice = -grad * 2.0;
            for (int e = 0; e < at.event(); e++, i++) {
                double x = u[at.u() + i];
                double sd = sigma[at.scale() + i];
                double diff = x - mu[at.loc() + i];
                double negSquare = -(diff * diff);
                double twoVariance = (sd * sd) * 2.0;
                double gTwoVariance = (-grad * negSquare) / (twoVariance * twoVariance);
                double gDiff = (-(grad / twoVariance) * diff) * 2.0;
                gSigma[at.gScale() + i] = -grad / sd + ((gTwoVariance * 2.0) * sd) * 2.0;
                gMu[at.gLoc() + i] = -gDiff;
                double m = x * -2.0;
                double gSoftplus = -twice;
                double gm = m > THRESHOLD ? gSoftplus : gSoftplus * UnaryOp.SIGMOID.apply(m);
                gu[at.gu() + i] = (gDiff + gm * -2.0) + -twice;
            }
        }
    }
}
