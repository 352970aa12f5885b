package alf.nn;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Stateless functional forms of the losses and normalisations ({@code torch.nn.functional}); every layer has its
 * functional twin here or in {@link Tensor}. All are differentiable and numerically stable.
 */
public final class Functional {
    private Functional() {
    }

    /** log softmax(x) = x − logΣexp(x) along {@code dim}: stable for ±1000 and −inf logits. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.sub(x.logSumExp(dim, true));
    }

    /** softmax(x) = exp(log softmax(x)) along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim) {
        return logSoftmax(x, dim).exp();
    }

    /** log Σ exp(x) along {@code dim} (see {@link Tensor#logSumExp}). */
    public static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
        return x.logSumExp(dim, keepDim);
    }

    /** Mean squared error mean((a − b)²) over all elements (torch mse_loss, reduction 'mean'); same shapes. */
    public static Tensor mse(Tensor a, Tensor b) {
        requireSameShape("mse", a, b);
        return a.sub(b).square().meanAll();
    }

    /** Elementwise squared error (a − b)², no reduction. */
    public static Tensor squaredError(Tensor a, Tensor b) {
        requireSameShape("squaredError", a, b);
        return a.sub(b).square();
    }

    /**
     * Huber loss, mean over all elements: ½d² where |d| &lt; δ, else δ(|d| − ½δ), d = a − b
     * (torch.nn.functional.huber_loss, reduction 'mean').
     */
    public static Tensor huber(Tensor a, Tensor b, double delta) {
        requireSameShape("huber", a, b);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        Tensor d = a.sub(b);
        Tensor absd = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = absd.sub(0.5 * delta).mul(delta);
        return Tensor.where(absd.lt(delta), quadratic, linear).meanAll();
    }

    /**
     * Cross-entropy with class targets: mean over n of −log softmax(logits)[n, target[n]]
     * (torch.nn.functional.cross_entropy, reduction 'mean'); logits [N, C], target integral [N] in [0, C).
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor target) {
        if (logits.dim() != 2 || target.dim() != 1 || target.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: expects logits [N, C] and targets [N], got "
                    + Arrays.toString(logits.shape()) + " and " + Arrays.toString(target.shape()));
        }
        if (target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("softmaxCrossEntropy: class targets must be integral, got "
                    + target.dtype() + " (use softmaxCrossEntropyProbs for probability targets)");
        }
        Tensor idx = target.to(DType.INT64).unsqueeze(1);
        return logSoftmax(logits, 1).gather(1, idx).neg().meanAll();
    }

    /**
     * Cross-entropy with probability targets: mean over n of −Σ_c p[n, c]·log softmax(logits)[n, c]
     * (torch.nn.functional.cross_entropy with probabilities, reduction 'mean'). Logits [1000, 0] with p = [½, ½]
     * give exactly 500 and gradient [½, −½].
     */
    public static Tensor softmaxCrossEntropyProbs(Tensor logits, Tensor probs) {
        requireSameShape("softmaxCrossEntropyProbs", logits, probs);
        if (logits.dim() != 2) {
            throw new IllegalArgumentException("softmaxCrossEntropyProbs: expects [N, C] logits, got "
                    + Arrays.toString(logits.shape()));
        }
        return probs.mul(logSoftmax(logits, 1)).sum(1, false).neg().meanAll();
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": expects equal shapes, got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
    }
}
