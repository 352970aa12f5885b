package alf.distributions;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;

/**
 * A batch of probability distributions with PyTorch's shape conventions ({@code torch.distributions.Distribution}).
 *
 * <p><b>Shapes.</b> A distribution has a {@link #batchShape()} (independent, differently parameterised
 * distributions) and an {@link #eventShape()} (the shape of one draw). {@code sample(rng, sampleShape)} returns
 * {@code sampleShape ++ batchShape ++ eventShape}; {@link #logProb} takes such a value (or one that broadcasts to it)
 * and returns {@code sampleShape ++ batchShape}, the event dimensions summed out.
 *
 * <p><b>Randomness.</b> Every draw takes an explicit {@link Rng}; there is no hidden global generator.
 * {@link #rsample} is the reparameterised (pathwise differentiable) sample; {@link #sample} never records a graph.
 *
 * <p><b>Summaries.</b> {@link #entropy()}, {@link #mode()}, {@link #mean()} and {@link #stddev()} are closed forms;
 * a distribution without one throws {@link UnsupportedOperationException} saying why and what to use instead.
 * {@link #entropy(Rng)} always answers: the closed form where one exists, else a one-sample estimate.
 */
public interface Distribution {

    /** Shape of the batch of independent distributions (a copy). */
    int[] batchShape();

    /** Shape of a single draw (a copy); {@code []} for scalar distributions. */
    int[] eventShape();

    /** The floating dtype of the parameters (and of samples, except for {@link Categorical}'s int64 indices). */
    DType dtype();

    /**
     * A draw of shape {@code sampleShape ++ batchShape ++ eventShape} that records no autograd graph (the result
     * never requires grad).
     */
    Tensor sample(Rng rng, int... sampleShape);

    /** True when {@link #rsample} is implemented. */
    default boolean hasRsample() {
        return false;
    }

    /**
     * A reparameterised draw: a differentiable function of the parameters and of parameter-free noise, so that
     * gradients of a loss on the sample flow to the parameters (the pathwise estimator).
     *
     * @throws UnsupportedOperationException when the distribution has no reparameterised sampler
     */
    default Tensor rsample(Rng rng, int... sampleShape) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no reparameterised sampler (rsample); use sample(), which is not differentiable");
    }

    /** log p(value), summed over the event dimensions: shape {@code sampleShape ++ batchShape}. */
    Tensor logProb(Tensor value);

    /** The closed-form entropy, shape {@link #batchShape()}. */
    Tensor entropy();

    /** True when {@link #entropy()} is a closed form (it does not throw). */
    default boolean hasClosedFormEntropy() {
        return true;
    }

    /**
     * The entropy where {@link #hasClosedFormEntropy()} holds, otherwise the one-sample Monte-Carlo estimate
     * −log p(x) with x drawn by {@link #rsample} (so the estimate carries the pathwise gradient) or, without a
     * reparameterised sampler, by {@link #sample}. Unbiased: E[−log p(x)] = H.
     */
    default Tensor entropy(Rng rng) {
        if (hasClosedFormEntropy()) {
            return entropy();
        }
        Tensor x = hasRsample() ? rsample(rng) : sample(rng);
        return logProb(x).neg();
    }

    /** The most likely value, shape {@code batchShape ++ eventShape}. */
    Tensor mode();

    /** The expectation, shape {@code batchShape ++ eventShape}. */
    Tensor mean();

    /** The variance, shape {@code batchShape ++ eventShape}. */
    Tensor variance();

    /** The standard deviation √variance, shape {@code batchShape ++ eventShape}. */
    default Tensor stddev() {
        return variance().sqrt();
    }
}
