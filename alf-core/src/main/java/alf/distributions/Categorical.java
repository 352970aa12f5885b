package alf.distributions;

import alf.tensor.GradMode;
import alf.nn.Functional;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Shapes;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * A categorical distribution over class indices {0, …, K−1} given by the last dimension of logits or probabilities
 * (torch.distributions.Categorical). Batch shape = the parameters' shape without the last dimension; event shape
 * {@code []}; samples and modes are int64 indices.
 *
 * <ul>
 *   <li>normalised logits ℓ = logits − logΣexp(logits) (stable for ±1000; −inf logits are classes of probability 0,
 *       as long as some class of the row is finite), probs = softmax(logits)</li>
 *   <li>log p(a) = ℓ[a]</li>
 *   <li>H = −Σ clamp(ℓ, finfo.min)·p — the clamp makes −inf·0 contribute 0 instead of NaN, as in PyTorch</li>
 *   <li>mode = argmax ℓ, the first index on ties</li>
 *   <li>sampling: Gumbel-max, argmax(ℓ + g) with g = −log(−log u), u ~ U(0, 1) drawn in float64 from the explicit
 *       {@link Rng} (Gumbel 1954; exact, see Maddison, Tarlow &amp; Minka, "A* Sampling", 2014)</li>
 * </ul>
 * Class indices are nominal: {@link #mean()} and {@link #variance()} are not defined and throw.
 */
public final class Categorical implements Distribution {
    private static final String NAME = "Categorical";

    private final Tensor logits;
    private final Tensor probs;

    private Categorical(Tensor normalizedLogits, Tensor probs) {
        this.logits = normalizedLogits;
        this.probs = probs;
    }

    /**
     * Categorical from unnormalised log-probabilities {@code [..., K]}. Entries may be −inf (probability 0); NaN, +inf
     * and rows that are entirely −inf are rejected.
     */
    public static Categorical fromLogits(Tensor logits) {
        checkParameter("logits", logits);
        double[] v = logits.detach().toDoubleArray();
        int k = logits.size(logits.dim() - 1);
        for (int row = 0; row < v.length / k; row++) {
            boolean anyFinite = false;
            for (int j = 0; j < k; j++) {
                double x = v[row * k + j];
                if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(NAME + ": logits must be finite or -Infinity, got " + x
                            + " at flat index " + (row * k + j));
                }
                anyFinite |= x != Double.NEGATIVE_INFINITY;
            }
            if (!anyFinite) {
                throw new IllegalArgumentException(NAME + ": logits row " + row
                        + " is entirely -Infinity (no class has positive probability)");
            }
        }
        Tensor normalized = logits.sub(logits.logSumExp(-1, true));
        return new Categorical(normalized, Functional.softmax(normalized, -1));
    }

    /**
     * Categorical from non-negative weights {@code [..., K]}, normalised along the last dimension
     * (p / Σp). Zero weights give −inf logits (with a zero gradient, not NaN).
     */
    public static Categorical fromProbs(Tensor probs) {
        checkParameter("probs", probs);
        double[] v = probs.detach().toDoubleArray();
        int k = probs.size(probs.dim() - 1);
        for (int row = 0; row < v.length / k; row++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double x = v[row * k + j];
                if (!(x >= 0) || Double.isInfinite(x)) {
                    throw new IllegalArgumentException(NAME + ": probs must be finite and >= 0, got " + x
                            + " at flat index " + (row * k + j));
                }
                sum += x;
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException(NAME + ": probs row " + row + " sums to 0");
            }
        }
        Tensor p = probs.div(probs.sum(probs.dim() - 1, true));
        Tensor positive = p.gt(0.0);
        // log of the positive entries only: log(where(p > 0, p, 1)) keeps 0·log'(0) = NaN out of the gradient
        Tensor logits = Tensor.where(positive, Tensor.where(positive, p, Tensor.onesLike(p)).log(),
                Double.NEGATIVE_INFINITY);
        return new Categorical(logits, p);
    }

    private static void checkParameter(String name, Tensor t) {
        DistributionSupport.requireFloating(NAME, name, t);
        if (t.dim() == 0 || t.size(t.dim() - 1) == 0) {
            throw new IllegalArgumentException(NAME + ": " + name + " must have a non-empty last (class) dimension,"
                    + " got shape " + Arrays.toString(t.shape()));
        }
    }

    /** Normalised log-probabilities ℓ (log-softmax of the logits), shape {@code batchShape ++ [K]}. */
    public Tensor logits() {
        return logits;
    }

    /** Class probabilities, shape {@code batchShape ++ [K]}. */
    public Tensor probs() {
        return probs;
    }

    /** The number of classes K. */
    public int numClasses() {
        return logits.size(logits.dim() - 1);
    }

    @Override
    public int[] batchShape() {
        int[] s = logits.shape();
        return DistributionSupport.head(s, s.length - 1);
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public DType dtype() {
        return logits.dtype();
    }

    /** int64 class indices of shape {@code sampleShape ++ batchShape} (Gumbel-max; see the class comment). */
    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            int[] shape = DistributionSupport.concat(DistributionSupport.concat(sampleShape, batchShape()),
                    new int[] {numClasses()});
            Tensor u = Tensor.uniform(rng, 0.0, 1.0, DType.FLOAT64, shape);
            Tensor gumbel = u.log().neg().log().neg();
            return logits.to(DType.FLOAT64).add(gumbel).argmax(-1, false);
        }
    }

    /**
     * ℓ[value]: {@code value} holds class indices (an integral dtype, or floating with integral values) whose shape
     * broadcasts against the batch shape.
     */
    @Override
    public Tensor logProb(Tensor value) {
        Tensor index = classIndices(value);
        int[] shape = Shapes.broadcast(NAME + ".logProb", index.shape(), batchShape());
        int k = numClasses();
        Tensor expandedLogits = logits.expand(DistributionSupport.concat(shape, new int[] {k}));
        Tensor expandedIndex = DistributionSupport.broadcastTo(index, shape).unsqueeze(shape.length);
        return expandedLogits.gather(-1, expandedIndex).squeeze(shape.length);
    }

    private Tensor classIndices(Tensor value) {
        if (value == null) {
            throw new IllegalArgumentException(NAME + ".logProb: value must not be null");
        }
        double[] v = value.detach().toDoubleArray();
        int k = numClasses();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] < k) || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(NAME + ".logProb: value must hold class indices in [0, " + k
                        + "), got " + v[i] + " at flat index " + i);
            }
        }
        return value.dtype() == DType.INT64 ? value : value.detach().to(DType.INT64);
    }

    @Override
    public Tensor entropy() {
        Tensor clamped = logits.clampMin(DistributionSupport.finfoMin(logits.dtype()));
        return clamped.mul(probs).sum(logits.dim() - 1, false).neg();
    }

    /** The most probable class (first index on ties), int64 of the batch shape. */
    @Override
    public Tensor mode() {
        return logits.argmax(-1, false);
    }

    /** Not defined: class indices are nominal labels. */
    @Override
    public Tensor mean() {
        throw new UnsupportedOperationException(NAME + ": the mean of nominal class indices is not defined; use "
                + "probs() for the expected one-hot vector");
    }

    /** Not defined: class indices are nominal labels. */
    @Override
    public Tensor variance() {
        throw new UnsupportedOperationException(NAME + ": the variance of nominal class indices is not defined; "
                + "use probs()");
    }

    @Override
    public String toString() {
        return "Categorical(batchShape=" + Arrays.toString(batchShape()) + ", classes=" + numClasses() + ")";
    }
}
