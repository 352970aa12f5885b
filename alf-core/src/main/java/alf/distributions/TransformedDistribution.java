package alf.distributions;

import alf.tensor.GradMode;
import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.CacheMissPolicy;
import alf.distributions.transforms.TanhTransform;
import alf.distributions.transforms.Transform;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.SquashedGaussian;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The distribution of y = fₙ(…f₁(x)) for x from a base distribution and elementwise invertible transforms fᵢ
 * (torch.distributions.TransformedDistribution); SAC's squashed Gaussian is
 * {@code TransformedDistribution(Independent(Normal(μ, σ), 1), [TanhTransform, AffineTransform(b, s)])}.
 *
 * <ul>
 *   <li>log p(y) = log p_base(x) − Σᵢ Σ_event log|det Jᵢ(xᵢ)| (change of variables), evaluated as PyTorch does:
 *       the transforms from last to first, inverting each (from its cache when y is the tensor it produced),
 *       subtracting its log-Jacobian summed over the event dimensions, and finally adding the base log p(x); for
 *       SAC's shape (Independent(Normal) base, tanh, optional event-shaped affine) after the same inverses as one
 *       fused op ({@link SquashedGaussian}) with the very same values and gradients</li>
 *   <li>rsample / sample: the base's draw pushed through every transform's cached {@code forward}, so
 *       {@code logProb} of the returned tensor itself uses the cached pre-images and never re-inverts tanh</li>
 *   <li>mode: the transforms applied to the base's mode. Monotone maps preserve medians, so for a Normal base this is
 *       the median of each coordinate of y, but it is <em>not always the true mode</em> of y (the Jacobian factor
 *       moves the density's peak); it is the conventional greedy action of a squashed Gaussian</li>
 *   <li>entropy: H(y) = H(x) + Σ_event log|scale| when every transform has a constant log-Jacobian (affine);
 *       otherwise no closed form exists ({@link #entropy()} throws) and {@link #entropy(Rng)} returns the one-sample
 *       estimate −log p(y), y = rsample</li>
 *   <li>mean, variance: closed form for affine transforms only (a·E[x] + b, a²·Var[x])</li>
 * </ul>
 *
 * <p><b>Cache misses</b> (the value passed to {@link #logProb} is not the tensor this distribution sampled — a copy,
 * a value modified in place, or an uncached transform after a cached tanh) follow the {@link CacheMissPolicy} given at
 * construction: {@link CacheMissPolicy#FALL_BACK_AND_WARN} (default) inverts with the stable formula, counts the miss
 * and logs once; {@link CacheMissPolicy#THROW} refuses. See {@link Transform} for the full rule.
 */
public final class TransformedDistribution implements Distribution {
    private final Distribution base;
    private final List<Transform> transforms;
    private final CacheMissPolicy missPolicy;
    private final int[] batchShape;
    private final int[] eventShape;

    /** With {@link CacheMissPolicy#FALL_BACK_AND_WARN}. */
    public TransformedDistribution(Distribution base, List<Transform> transforms) {
        this(base, transforms, CacheMissPolicy.FALL_BACK_AND_WARN);
    }

    /**
     * @param base       the distribution of x
     * @param transforms elementwise transforms, applied first to last
     * @param missPolicy what an ill-conditioned transform does on a cache miss in {@link #logProb}
     */
    public TransformedDistribution(Distribution base, List<Transform> transforms, CacheMissPolicy missPolicy) {
        if (base == null || transforms == null || transforms.stream().anyMatch(java.util.Objects::isNull) || missPolicy == null) {
            throw new IllegalArgumentException("TransformedDistribution: base, transforms (without nulls) and "
                    + "missPolicy must be given, got base=" + base + ", transforms=" + transforms + ", missPolicy="
                    + missPolicy);
        }
        this.base = base;
        this.transforms = List.copyOf(transforms);
        this.missPolicy = missPolicy;
        int[] shape = DistributionSupport.concat(base.batchShape(), base.eventShape());
        for (Transform t : this.transforms) {
            shape = t.forwardShape(shape);
        }
        int eventDims = base.eventShape().length;
        this.batchShape = DistributionSupport.head(shape, shape.length - eventDims);
        this.eventShape = DistributionSupport.tail(shape, shape.length - eventDims);
    }

    /** The distribution of x. */
    public Distribution base() {
        return base;
    }

    /** The transforms, first applied first. */
    public List<Transform> transforms() {
        return transforms;
    }

    /** The policy for cache misses in {@link #logProb}. */
    public CacheMissPolicy missPolicy() {
        return missPolicy;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return eventShape.clone();
    }

    @Override
    public DType dtype() {
        return base.dtype();
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng, int... sampleShape) {
        return forwardTransforms(base.rsample(rng, sampleShape));
    }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            return forwardTransforms(base.sample(rng, sampleShape));
        }
    }

    /**
     * Pushes a value of the base distribution through every transform's caching {@code forward} (what
     * {@link #rsample} does after the base draw), e.g. for a pre-squash value computed elsewhere; {@link #logProb}
     * of the returned tensor then uses the cached pre-images.
     */
    public Tensor forwardTransforms(Tensor x) {
        Tensor y = x;
        for (Transform t : transforms) {
            y = t.forward(y);
        }
        return y;
    }

    @Override
    public Tensor logProb(Tensor value) {
        if (value == null) {
            throw new IllegalArgumentException("TransformedDistribution.logProb: value must not be null");
        }
        if (isFusedSquashedGaussian(value)) {
            return fusedSquashedGaussianLogProb(value);
        }
        int eventDims = eventShape.length;
        Tensor logProb = null;
        Tensor y = value;
        for (int i = transforms.size() - 1; i >= 0; i--) {
            Transform t = transforms.get(i);
            Tensor x = t.inverse(y, missPolicy);
            Tensor ladj = DistributionSupport.sumRightmost(t.logAbsDetJacobian(x, y), eventDims);
            logProb = logProb == null ? ladj.neg() : logProb.sub(ladj);
            y = x;
        }
        Tensor baseLogProb = base.logProb(y);
        return logProb == null ? baseLogProb : logProb.add(baseLogProb);
    }

    /**
     * True when {@link #logProb} of {@code value} can run as one fused op ({@link SquashedGaussian}): the base is
     * {@code Independent(Normal(μ, σ))} with at least one event dimension, the transforms are a tanh optionally
     * followed by an affine map whose scale is shaped as the event (and needs no gradient), and the value, μ, σ and
     * the affine parameters share one shape (the value's), dtype and device, so that every inverse keeps them.
     * Decided before any inverse runs, so the transforms' caches see the same calls either way.
     */
    private boolean isFusedSquashedGaussian(Tensor value) {
        int eventDims = eventShape.length;
        if (eventDims == 0 || !(base instanceof Independent independent)
                || !(independent.base() instanceof Normal normal) || transforms.isEmpty() || transforms.size() > 2
                || !(transforms.get(0) instanceof TanhTransform)) {
            return false;
        }
        Tensor loc = normal.loc();
        int[] shape = value.shape();
        if (!sameKind(value, loc) || !Arrays.equals(shape, loc.shape())
                || !Arrays.equals(shape, DistributionSupport.concat(batchShape, eventShape))) {
            return false;
        }
        if (transforms.size() == 1) {
            return SquashedGaussian.fuses(value, loc, normal.scale(), null, eventDims);
        }
        return transforms.get(1) instanceof AffineTransform affine && sameKind(value, affine.loc())
                && SquashedGaussian.fuses(value, loc, normal.scale(), affine.scale(), eventDims);
    }

    private static boolean sameKind(Tensor a, Tensor b) {
        return a.dtype() == b.dtype() && a.device().equals(b.device());
    }

    /**
     * The fused log-density: the transforms inverted last to first as the general path does (from their caches),
     * then {@link SquashedGaussian#logProb} on the pre-image u, whose values and gradients are the general path's.
     */
    private Tensor fusedSquashedGaussianLogProb(Tensor value) {
        Tensor y = value;
        for (int i = transforms.size() - 1; i >= 0; i--) {
            y = transforms.get(i).inverse(y, missPolicy);
        }
        Normal normal = (Normal) ((Independent) base).base();
        Tensor eventScale = transforms.size() == 2 ? ((AffineTransform) transforms.get(1)).scale() : null;
        return SquashedGaussian.logProb(y, normal.loc(), normal.scale(), eventScale, eventShape.length);
    }

    /** True when every transform has a constant log-Jacobian (affine) and the base has a closed-form entropy. */
    @Override
    public boolean hasClosedFormEntropy() {
        return base.hasClosedFormEntropy() && totalConstantLogJacobian().isPresent();
    }

    /** H(x) + Σ_event Σᵢ log|scaleᵢ| for affine transforms; throws otherwise (use {@link #entropy(Rng)}). */
    @Override
    public Tensor entropy() {
        Optional<Tensor> ladj = totalConstantLogJacobian();
        if (ladj.isEmpty() || !base.hasClosedFormEntropy()) {
            throw new UnsupportedOperationException("TransformedDistribution" + transforms + ": the entropy has no "
                    + "closed form for non-affine transforms; use entropy(rng) for the one-sample estimate");
        }
        int[] full = DistributionSupport.concat(batchShape, eventShape);
        Tensor l = DistributionSupport.broadcastTo(ladj.get().to(dtype()), full);
        return base.entropy().add(DistributionSupport.sumRightmost(l, eventShape.length));
    }

    private Optional<Tensor> totalConstantLogJacobian() {
        Tensor total = Tensor.scalar(0.0, DType.FLOAT64);
        for (Transform t : transforms) {
            Optional<Tensor> l = t.constantLogAbsDetJacobian();
            if (l.isEmpty()) {
                return Optional.empty();
            }
            total = total.add(l.get());
        }
        return Optional.of(total);
    }

    /**
     * The transforms applied (without touching their caches) to the base's mode. Not always the true mode of y: for
     * the tanh-squashed Gaussian the density of y also carries 1/|dy/dx|, which moves its peak toward the bounds
     * when σ is large. It is the deterministic action ALF and PyTorch SAC evaluate with.
     */
    @Override
    public Tensor mode() {
        return applyAll(base.mode());
    }

    /** Closed form for affine transforms (E[a·x + b] = a·E[x] + b); throws otherwise. */
    @Override
    public Tensor mean() {
        requireAffine("mean");
        return applyAll(base.mean());
    }

    /** Closed form for affine transforms (Var[a·x + b] = a²·Var[x]); throws otherwise. */
    @Override
    public Tensor variance() {
        Tensor ladj = requireAffine("variance");
        return base.variance().mul(ladj.mul(2.0).exp().to(dtype()));
    }

    /** Closed form for affine transforms (|a|·sd[x]); throws otherwise. */
    @Override
    public Tensor stddev() {
        Tensor ladj = requireAffine("stddev");
        return base.stddev().mul(ladj.exp().to(dtype()));
    }

    private Tensor requireAffine(String what) {
        return totalConstantLogJacobian().orElseThrow(() -> new UnsupportedOperationException(
                "TransformedDistribution" + transforms + ": the " + what + " has no closed form for non-affine "
                        + "transforms; estimate it from samples"));
    }

    private Tensor applyAll(Tensor x) {
        Tensor y = x;
        for (Transform t : transforms) {
            y = t.apply(y);
        }
        return y;
    }

    @Override
    public String toString() {
        return "TransformedDistribution(" + base + ", " + transforms + ", batchShape=" + Arrays.toString(batchShape)
                + ", eventShape=" + Arrays.toString(eventShape) + ")";
    }
}
