package alf.distributions.transforms;

import alf.tensor.Tensor;

/**
 * y = tanh(x), mapping ℝ onto (−1, 1): the squashing of SAC's actions (Haarnoja et al. 2018, appendix C).
 *
 * <ul>
 *   <li>log|dy/dx| = log(1 − tanh²x) = 2·(log 2 − x − softplus(−2x)), the numerically stable form used by
 *       TensorFlow Probability's Tanh bijector and PyTorch's TanhTransform (no 1 − tanh² cancellation; softplus with
 *       PyTorch's threshold 20)</li>
 *   <li>stable inverse (ALF's StableTanh): where |y| ≤ 1, y is clamped to ±0.99999997 before atanh, so a saturated y
 *       gives a large finite x instead of ±inf (in float32 the clamp rounds to ±0.99999994 and the largest
 *       recoverable |x| is about 8.66); |y| &gt; 1 lies outside the range and gives NaN</li>
 * </ul>
 * The inverse is ill-conditioned near ±1, so log-probabilities must come from the cached pre-image: see
 * {@link Transform} for the cache and the rule for misses.
 */
public final class TanhTransform extends Transform {
    /** The clamp of the stable inverse (ALF's StableTanh). */
    public static final double INVERSE_CLAMP = 0.99999997;
    private static final double LOG_2 = Math.log(2.0);

    /** A cached tanh (cacheSize 1), the form ALF always uses. */
    public TanhTransform() {
        this(1);
    }

    /** A tanh with the given cache size (0 exists to reproduce uncached behaviour; it misses on every inverse). */
    public TanhTransform(int cacheSize) {
        super(cacheSize);
    }

    @Override
    public Tensor apply(Tensor x) {
        return x.tanh();
    }

    @Override
    protected Tensor invert(Tensor y) {
        Tensor inRange = y.abs().le(1.0);
        return Tensor.where(inRange, y.clamp(-INVERSE_CLAMP, INVERSE_CLAMP), y).atanh();
    }

    /** 2·(log 2 − x − softplus(−2x)); y is not used. */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return x.rsub(LOG_2).sub(x.mul(-2.0).softplus()).mul(2.0);
    }

    @Override
    public boolean inverseIsIllConditioned() {
        return true;
    }

    @Override
    public String toString() {
        return "TanhTransform(cacheSize=" + cacheSize() + ")";
    }
}
