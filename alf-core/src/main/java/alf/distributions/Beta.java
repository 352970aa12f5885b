package alf.distributions;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * The Beta distribution on [0, 1] with concentrations α (concentration1, the weight of 1) and β (concentration0, the
 * weight of 0), elementwise over a batch (torch.distributions.Beta); event shape {@code []}.
 *
 * <ul>
 *   <li>log p(v) = (α−1)·log v + (β−1)·log(1−v) + log Γ(α+β) − log Γ(α) − log Γ(β), with 0·log 0 = 0
 *       (xlogy, as PyTorch's Dirichlet on [v, 1−v])</li>
 *   <li>mean = α/(α+β), variance = αβ / ((α+β)²(α+β+1))</li>
 *   <li>H = log Γ(α) + log Γ(β) − log Γ(α+β) − (2−α−β)·ψ(α+β) − (α−1)·ψ(α) − (β−1)·ψ(β)</li>
 *   <li>mode = (α−1)/(α+β−2) for α, β &gt; 1; 0 where the density decreases (α &lt; 1 ≤ β, or α = 1 &lt; β); 1 where
 *       it increases (β &lt; 1 ≤ α, or β = 1 &lt; α); NaN where no unique mode exists (α, β &lt; 1: two poles; α = β = 1:
 *       uniform) — as TensorFlow Probability's Beta.mode with allow_nan_stats</li>
 *   <li>sampling: X ~ Gamma(α), Y ~ Gamma(β), X/(X+Y), computed as sigmoid(log X − log Y) from log-space Gamma draws
 *       ({@link GammaSampler}, Marsaglia–Tsang) so tiny concentrations do not give 0/0</li>
 * </ul>
 * There is no reparameterised sampler here ({@link #rsample} throws): PyTorch differentiates its Gamma sampler
 * implicitly, which this implementation does not provide.
 */
public final class Beta implements Distribution {
    private static final String NAME = "Beta";

    private final Tensor alpha;
    private final Tensor beta;
    private final int[] batchShape;

    /**
     * Beta(α = concentration1, β = concentration0), broadcast against each other.
     *
     * @throws IllegalArgumentException when a concentration is not floating or not &gt; 0, or the shapes do not
     *                                  broadcast
     */
    public Beta(Tensor concentration1, Tensor concentration0) {
        DistributionSupport.requireFloating(NAME, "concentration1", concentration1);
        DistributionSupport.requireFloating(NAME, "concentration0", concentration0);
        DistributionSupport.requirePositive(NAME, "concentration1", concentration1);
        DistributionSupport.requirePositive(NAME, "concentration0", concentration0);
        this.batchShape = DistributionSupport.broadcastShape(NAME, concentration1, concentration0);
        DType dtype = DistributionSupport.commonDtype(concentration1, concentration0);
        this.alpha = DistributionSupport.broadcastTo(concentration1.to(dtype), batchShape);
        this.beta = DistributionSupport.broadcastTo(concentration0.to(dtype), batchShape);
    }

    /** α, the concentration of 1 (broadcast to the batch shape). */
    public Tensor concentration1() {
        return alpha;
    }

    /** β, the concentration of 0 (broadcast to the batch shape). */
    public Tensor concentration0() {
        return beta;
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
        return alpha.dtype();
    }

    /** Gamma-ratio draws, element by element from {@code rng} in row-major order; never requires grad. */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        int[] shape = DistributionSupport.concat(sampleShape, batchShape);
        double[] a = alpha.detach().expand(shape).contiguous().toDoubleArray();
        double[] b = beta.detach().expand(shape).contiguous().toDoubleArray();
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            double logX = GammaSampler.logSample(rng, a[i]);
            double logY = GammaSampler.logSample(rng, b[i]);
            out[i] = 1.0 / (1.0 + Math.exp(logY - logX));
        }
        return Tensor.of(out, dtype(), shape);
    }

    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        throw new UnsupportedOperationException(NAME + ".rsample: no reparameterised sampler (PyTorch's needs "
                + "implicit Gamma gradients, not implemented); use sample(), whose draws are not differentiable");
    }

    /** log p(value) for values in [0, 1] (outside the support is an error). */
    @Override
    public Tensor logProb(Tensor value) {
        DistributionSupport.requireFloating(NAME + ".logProb", "value", value);
        double[] v = value.detach().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] <= 1)) {
                throw new IllegalArgumentException(NAME + ".logProb: value must lie in [0, 1], got " + v[i]
                        + " at flat index " + i);
            }
        }
        Tensor terms = xlogy(alpha.sub(1.0), value).add(xlogy(beta.sub(1.0), value.rsub(1.0)));
        return terms.add(alpha.add(beta).lgamma()).sub(alpha.lgamma().add(beta.lgamma()));
    }

    /**
     * a·log(v) with 0·log 0 = 0 (torch.xlogy): v is replaced by 1 where a = v = 0, so neither the value nor the
     * gradients there are NaN; elsewhere the gradient w.r.t. a is log v, as in PyTorch.
     */
    private static Tensor xlogy(Tensor a, Tensor v) {
        Tensor zeroTimesLogZero = a.eq(0.0).logicalAnd(v.eq(0.0));
        return a.mul(Tensor.where(zeroTimesLogZero, Tensor.onesLike(v), v).log());
    }

    @Override
    public Tensor entropy() {
        Tensor total = alpha.add(beta);
        return alpha.lgamma().add(beta.lgamma())
                .sub(total.lgamma())
                .sub(total.rsub(2.0).mul(total.digamma()))
                .sub(alpha.sub(1.0).mul(alpha.digamma()).add(beta.sub(1.0).mul(beta.digamma())));
    }

    /** See the class comment for the cases; NaN where no unique mode exists. */
    @Override
    public Tensor mode() {
        Tensor interior = alpha.sub(1.0).div(alpha.add(beta).sub(2.0));
        Tensor aGt1 = alpha.gt(1.0);
        Tensor bGt1 = beta.gt(1.0);
        Tensor aLt1 = alpha.lt(1.0);
        Tensor bLt1 = beta.lt(1.0);
        Tensor aIs1 = alpha.eq(1.0);
        Tensor bIs1 = beta.eq(1.0);
        Tensor atZero = aLt1.logicalAnd(bLt1.logicalNot()).logicalOr(aIs1.logicalAnd(bGt1));
        Tensor atOne = bLt1.logicalAnd(aLt1.logicalNot()).logicalOr(bIs1.logicalAnd(aGt1));
        Tensor nan = Tensor.fullLike(interior, Double.NaN);
        Tensor r = Tensor.where(aGt1.logicalAnd(bGt1), interior, nan);
        r = Tensor.where(atZero, Tensor.zerosLike(interior), r);
        return Tensor.where(atOne, Tensor.onesLike(interior), r);
    }

    /** α/(α+β). */
    @Override
    public Tensor mean() {
        return alpha.div(alpha.add(beta));
    }

    /** αβ / ((α+β)²(α+β+1)). */
    @Override
    public Tensor variance() {
        Tensor total = alpha.add(beta);
        return alpha.mul(beta).div(total.square().mul(total.add(1.0)));
    }

    @Override
    public String toString() {
        return "Beta(batchShape=" + Arrays.toString(batchShape) + ", dtype=" + dtype() + ")";
    }
}
