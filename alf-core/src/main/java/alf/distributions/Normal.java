package alf.distributions;

import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;

/**
 * The univariate normal distribution N(loc, scale²), elementwise over a batch (torch.distributions.Normal); the event
 * shape is {@code []}. Wrap it in {@link Independent} to treat trailing batch dimensions as one multivariate event
 * (a diagonal Gaussian).
 *
 * <ul>
 *   <li>log p(v) = −(v − μ)²/(2σ²) − log σ − log √(2π)</li>
 *   <li>H = ½ + ½·log(2π) + log σ</li>
 *   <li>mode = mean = μ, stddev = σ</li>
 *   <li>rsample = μ + ε·σ with ε ~ N(0, 1) drawn by {@link Tensor#randn(Rng, DType, int...)} in the parameters'
 *       dtype (the reparameterisation trick; Kingma &amp; Welling 2014)</li>
 * </ul>
 */
public final class Normal implements Distribution {
    private static final String NAME = "Normal";
    /** log √(2π). */
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

    private final Tensor loc;
    private final Tensor scale;
    private final int[] batchShape;

    /**
     * Normal(loc, scale) with loc and scale broadcast against each other (floating dtypes, promoted to a common one).
     *
     * @throws IllegalArgumentException when a parameter is not floating, the shapes do not broadcast, or some scale
     *                                  is not &gt; 0 (NaN included)
     */
    public Normal(Tensor loc, Tensor scale) {
        DistributionSupport.requireFloating(NAME, "loc", loc);
        DistributionSupport.requireFloating(NAME, "scale", scale);
        DistributionSupport.requirePositive(NAME, "scale", scale);
        this.batchShape = DistributionSupport.broadcastShape(NAME, loc, scale);
        DType dtype = DistributionSupport.commonDtype(loc, scale);
        this.loc = DistributionSupport.broadcastTo(loc.to(dtype), batchShape);
        this.scale = DistributionSupport.broadcastTo(scale.to(dtype), batchShape);
    }

    /** The mean μ (broadcast to the batch shape). */
    public Tensor loc() {
        return loc;
    }

    /** The standard deviation σ (broadcast to the batch shape). */
    public Tensor scale() {
        return scale;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public DType dtype() {
        return loc.dtype();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        Tensor eps = Tensor.randn(rng, dtype(), DistributionSupport.concat(sampleShape, batchShape));
        return reparameterize(eps);
    }

    /**
     * The reparameterised sample for caller-supplied standard-normal noise: μ + ε·σ (what {@link #rsample} computes
     * after drawing ε), for common random numbers and for replaying recorded noise. ε must broadcast to
     * {@code sampleShape ++ batchShape}.
     */
    public Tensor reparameterize(Tensor eps) {
        DistributionSupport.requireFloating(NAME, "eps", eps);
        return loc.add(eps.mul(scale));
    }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            return rsample(rng, sampleShape);
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        DistributionSupport.requireFloating(NAME, "value", value);
        Tensor var = scale.square();
        return value.sub(loc).square().neg().div(var.mul(2.0)).sub(scale.log()).sub(LOG_SQRT_2PI);
    }

    @Override
    public Tensor entropy() {
        return scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI));
    }

    /** μ. */
    @Override
    public Tensor mode() {
        return loc;
    }

    /** μ. */
    @Override
    public Tensor mean() {
        return loc;
    }

    /** σ². */
    @Override
    public Tensor variance() {
        return scale.square();
    }

    /** σ. */
    @Override
    public Tensor stddev() {
        return scale;
    }

    @Override
    public String toString() {
        return "Normal(batchShape=" + java.util.Arrays.toString(batchShape) + ", dtype=" + dtype() + ")";
    }
}
