package alf.tensor;

import java.util.Arrays;

/**
 * The log-density of a tanh-squashed diagonal Gaussian (SAC's policy, Haarnoja et al. 2018, appendix C) as one
 * differentiable op: one forward kernel ({@link Backend#squashedGaussianLogProb}) and one backward kernel
 * ({@link Backend#squashedGaussianLogProbBackward}) instead of some forty small ones. For the pre-squash value u, the
 * Gaussian's mean μ and standard deviation σ (all of one shape, the last {@code eventDims} dimensions the event) and
 * an optional affine scale s over the event (y = loc + s·tanh(u)), per batch element:
 *
 * <pre>
 *   log p(y) = (−Σ_event log|s|) − Σ_event 2·(log 2 − u − softplus(−2u))
 *              + Σ_event (−(u − μ)²/(2σ²) − log σ − log √(2π))
 * </pre>
 * (without s the first term is absent and the tanh sum is negated). Values and gradients (with respect to u, μ and
 * σ) are bit for bit those of the composition {@code TransformedDistribution(Independent(Normal(μ, σ)), [tanh,
 * affine]).logProb}, which the backend defaults ({@link #composedLogProb}, {@link #composedGradients}) run with the
 * same tensor ops: the same float operations per element in the same order, the sums over the event accumulated in
 * double in row-major order as the reduce kernel does, softplus with PyTorch's threshold 20. The gradient of u is
 * delivered as the composition's three contributions summed in the order the backward engine adds them (the Normal
 * term, then softplus's, then the −u of log 2 − u), so that adding the remaining contributions to u, μ and σ outside
 * this op gives the composition's bits too. When the backward itself is recorded (higher-order gradients) it runs
 * as differentiable tensor ops.
 */
public final class SquashedGaussian {
    private static final double LOG_2 = Math.log(2.0);
    /** log √(2π), as {@code alf.distributions.Normal} subtracts it. */
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
    /** softplus(x) = x above this argument (PyTorch's default threshold). */
    private static final double SOFTPLUS_THRESHOLD = 20.0;

    private SquashedGaussian() {
    }

    /**
     * Whether {@link #logProb} takes these operands: u, μ and σ of one shape and floating dtype on one device, at
     * least one batch-free event dimension ({@code 1 ≤ eventDims ≤ rank}), and s (when given) of u's dtype and
     * device, shaped as the event, requiring no gradient.
     */
    public static boolean fuses(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, int eventDims) {
        int[] shape = u.shape;
        if (!u.dtype().isFloatingPoint() || u.isWrappedNumber() || eventDims < 1 || eventDims > shape.length
                || !sameKind(u, loc) || !sameKind(u, scale)) {
            return false;
        }
        if (eventScale == null) {
            return true;
        }
        return eventScale.dtype() == u.dtype() && eventScale.device().equals(u.device()) && !eventScale.requiresGrad()
                && Arrays.equals(eventScale.shape, Arrays.copyOfRange(shape, shape.length - eventDims, shape.length));
    }

    private static boolean sameKind(Tensor u, Tensor t) {
        return t.dtype() == u.dtype() && t.device().equals(u.device()) && Arrays.equals(t.shape, u.shape);
    }

    /**
     * log p(y) per batch element (shape: u's without the last {@code eventDims} dimensions), differentiable in u, μ
     * and σ; see the class comment for the formula.
     *
     * @param eventScale the affine scale s over the event, or null when y = tanh(u)
     * @throws IllegalArgumentException when {@link #fuses} is false, naming the shapes and dtypes
     */
    public static Tensor logProb(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, int eventDims) {
        if (!fuses(u, loc, scale, eventScale, eventDims)) {
            throw new IllegalArgumentException("squashedGaussianLogProb: needs u, loc and scale of one shape and "
                    + "floating dtype, 1 <= eventDims <= rank and an event-shaped scale without gradient; got u "
                    + describe(u) + ", loc " + describe(loc) + ", scale " + describe(scale) + ", eventScale "
                    + (eventScale == null ? "none" : describe(eventScale)) + ", eventDims " + eventDims);
        }
        int[] batch = Arrays.copyOf(u.shape, u.dim() - eventDims);
        Tensor out = Tensor.empty(u.dtype(), u.device(), batch);
        out.backend().squashedGaussianLogProb(u, loc, scale, eventScale, out);
        if (Autograd.needsGrad(u, loc, scale)) {
            Autograd.record(out, "squashed_gaussian_log_prob", new Tensor[] {u, loc, scale},
                    new Tensor[] {u, loc, scale}, (g, s) -> gradients(g, s[0], s[1], s[2]));
        }
        return out;
    }

    private static String describe(Tensor t) {
        return t.dtype() + Arrays.toString(t.shape) + " on " + t.device();
    }

    private static Tensor[] gradients(Tensor g, Tensor u, Tensor loc, Tensor scale) {
        if (GradMode.isEnabled() || g.dtype() != u.dtype()) {
            return composedGradients(g, u, loc, scale);
        }
        Tensor gu = Tensor.empty(u.dtype(), u.device(), u.shape);
        Tensor gLoc = Tensor.empty(u.dtype(), u.device(), u.shape);
        Tensor gScale = Tensor.empty(u.dtype(), u.device(), u.shape);
        gu.backend().squashedGaussianLogProbBackward(g, u, loc, scale, gu, gLoc, gScale);
        return new Tensor[] {gu, gLoc, gScale};
    }

    /**
     * The forward as today's tensor ops (the {@link Backend#squashedGaussianLogProb} default): TanhTransform's
     * log-Jacobian and AffineTransform's log|s| summed over the event, subtracted in TransformedDistribution's
     * order, then Normal's log-density summed over the event added.
     */
    static Tensor composedLogProb(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, int eventDims) {
        Tensor tanhLogDet = sumEvent(u.rsub(LOG_2).sub(u.mul(-2.0).softplus()).mul(2.0), eventDims);
        Tensor logProb = eventScale == null ? tanhLogDet.neg()
                : sumEvent(eventScale.abs().log().expand(u.shape), eventDims).neg().sub(tanhLogDet);
        Tensor variance = scale.square();
        Tensor normal = u.sub(loc).square().neg().div(variance.mul(2.0)).sub(scale.log()).sub(LOG_SQRT_2PI);
        return logProb.add(sumEvent(normal, eventDims));
    }

    /**
     * {gradient of u, of μ, of σ} for the output gradient g (batch-shaped) as today's tensor ops: each op's backward
     * formula of {@link #composedLogProb} in the order the engine runs them (later ops first), u's three
     * contributions summed in that order. Differentiable when grad mode is on.
     */
    static Tensor[] composedGradients(Tensor g, Tensor u, Tensor loc, Tensor scale) {
        int[] kept = Arrays.copyOf(g.shape, u.dim());
        Arrays.fill(kept, g.dim(), kept.length, 1);
        // the event sums' backward: g broadcast over the event
        Tensor gEvent = g.reshape(kept).expand(u.shape);
        // Normal: q = −(u − μ)² / (2σ²), then − log σ − log √(2π)
        Tensor diff = u.sub(loc);
        Tensor negSquare = diff.square().neg();
        Tensor twoVariance = scale.square().mul(2.0);
        Tensor gNegSquare = gEvent.div(twoVariance);
        Tensor gTwoVariance = gEvent.neg().mul(negSquare).div(twoVariance.mul(twoVariance));
        Tensor gDiff = gNegSquare.neg().mul(diff).mul(2.0);
        Tensor gScale = gEvent.neg().div(scale).add(gTwoVariance.mul(2.0).mul(scale).mul(2.0));
        // tanh: −2·(log 2 − u − softplus(−2u)); softplus' = sigmoid below the threshold, 1 above
        Tensor gTwice = g.neg().reshape(kept).expand(u.shape).mul(2.0);
        Tensor gSoftplus = gTwice.neg();
        Tensor m = u.mul(-2.0);
        Tensor gm = Tensor.where(m.gt(SOFTPLUS_THRESHOLD), gSoftplus, gSoftplus.mul(m.sigmoid()));
        Tensor gu = gDiff.add(gm.mul(-2.0)).add(gTwice.neg());
        return new Tensor[] {gu, gDiff.neg(), gScale};
    }

    /** Σ over the last {@code eventDims} dimensions (TransformedDistribution's and Independent's event sums). */
    private static Tensor sumEvent(Tensor t, int eventDims) {
        int[] dims = new int[eventDims];
        for (int i = 0; i < eventDims; i++) {
            dims[i] = t.dim() - eventDims + i;
        }
        return t.sum(dims, false);
    }
}
