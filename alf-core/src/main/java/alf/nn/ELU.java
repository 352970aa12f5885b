package alf.nn;

import alf.tensor.Tensor;

/**
 * Exponential linear unit ({@code torch.nn.ELU}; Clevert et al., "Fast and accurate deep network learning by
 * exponential linear units", ICLR 2016): x for x &gt; 0, α(eˣ − 1) otherwise.
 *
 * <p>Computed as where(x &gt; 0, x, α·expm1(min(x, 0))): clamping before expm1 keeps the unused branch finite, so
 * large positive inputs do not turn the gradient into 0·∞ = NaN.
 */
public final class ELU extends Module {
    private final double alpha;

    /** α = 1 (PyTorch's default). */
    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.where(x.gt(0.0), x, x.clampMax(0.0).expm1().mul(alpha));
    }

    public double alpha() {
        return alpha;
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
