package alf.algorithms.sac;

import alf.data.BoundedTensorSpec;
import alf.distributions.Distribution;
import alf.distributions.Independent;
import alf.distributions.Normal;
import alf.distributions.TransformedDistribution;
import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.TanhTransform;
import alf.nn.Linear;
import alf.nn.Module;
import alf.nn.Parameter;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;

/**
 * Projects features onto a diagonal Gaussian over continuous actions, after ALF's {@code NormalProjectionNetwork}:
 * mean = W_μ·h + b_μ; std = stdTransform(W_σ·h + b_σ) when the std is state-dependent, else stdTransform(θ_σ) with a
 * free parameter vector. With {@code scaleDistribution} the Gaussian is squashed into the action bounds:
 * a = loc + scale·tanh(u), u ~ N(mean, std), loc = (max + min)/2, scale = (max − min)/2 — a
 * {@link TransformedDistribution} whose tanh transform caches its last forward result, so the log-probability of an
 * action just sampled never re-inverts tanh.
 */
public final class NormalProjectionNetwork extends Module {
    private final Linear mean;
    private final Linear stdLayer;
    private final Tensor stdParameter;
    private final StdTransform stdTransform;
    private final boolean scaleDistribution;
    private final Tensor actionLoc;
    private final Tensor actionScale;

    /**
     * @param inputSize         size of the feature vector h
     * @param actionSpec        continuous action spec with finite bounds (used when scaling)
     * @param stateDependentStd whether the std is computed from h (true) or a free parameter (false)
     * @param stdTransform      how the pre-activation becomes a std
     * @param scaleDistribution whether to squash with tanh and scale onto the action bounds
     * @param rng               initialises the layers
     */
    public NormalProjectionNetwork(int inputSize, BoundedTensorSpec actionSpec, boolean stateDependentStd,
            StdTransform stdTransform, boolean scaleDistribution, Rng rng) {
        if (!actionSpec.isFloatingPoint() || actionSpec.shape().length != 1) {
            throw new IllegalArgumentException("NormalProjectionNetwork: needs a 1-d continuous action spec, got "
                    + actionSpec);
        }
        if (scaleDistribution && !actionSpec.isFinite()) {
            throw new IllegalArgumentException("NormalProjectionNetwork: scaleDistribution needs finite action "
                    + "bounds, got " + actionSpec);
        }
        int a = actionSpec.numel();
        this.mean = registerModule("mean", new Linear(inputSize, a, rng));
        if (stateDependentStd) {
            this.stdLayer = registerModule("std", new Linear(inputSize, a, rng));
            this.stdParameter = null;
        } else {
            this.stdLayer = null;
            this.stdParameter = registerParameter("stdParameter", Parameter.of(Tensor.zeros(a)));
        }
        this.stdTransform = stdTransform;
        this.scaleDistribution = scaleDistribution;
        double[] loc = new double[a];
        double[] scale = new double[a];
        for (int i = 0; i < a; i++) {
            loc[i] = (actionSpec.maximum(i) + actionSpec.minimum(i)) / 2;
            scale[i] = (actionSpec.maximum(i) - actionSpec.minimum(i)) / 2;
        }
        this.actionLoc = Tensor.of(loc, DType.FLOAT32, a);
        this.actionScale = Tensor.of(scale, DType.FLOAT32, a);
    }

    /** The action distribution for features {@code h} of shape [N, inputSize]; batch shape [N], event shape [A]. */
    public Distribution distribution(Tensor h) {
        Tensor mu = mean.call(h);
        Tensor pre = stdLayer != null ? stdLayer.call(h) : stdParameter.unsqueeze(0).expand(mu.shape());
        Distribution base = new Independent(new Normal(mu, stdTransform.apply(pre)), 1);
        if (!scaleDistribution) {
            return base;
        }
        return new TransformedDistribution(base, List.of(new TanhTransform(),
                new AffineTransform(actionLoc, actionScale)));
    }

    @Override
    public Tensor forward(Tensor h) {
        return distribution(h).mode();
    }
}
