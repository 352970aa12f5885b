package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;

/**
 * Exponential decay: {@code lr(t) = initialLr · decayRate^(t / decaySteps)} with real-valued {@code t / decaySteps}
 * (TensorFlow's {@code ExponentialDecay} with {@code staircase=False}); with {@code decaySteps = 1} this is PyTorch's
 * {@code ExponentialLR} with {@code gamma = decayRate}.
 */
@Configurable
public record ExponentialSchedule(double initialLr, double decayRate, @Default("1") long decaySteps)
        implements LearningRateSchedule {

    public ExponentialSchedule {
        HyperParameters.requireNonNegative("ExponentialSchedule", "initialLr", initialLr);
        if (!(decayRate > 0) || Double.isInfinite(decayRate)) {
            throw new IllegalArgumentException("ExponentialSchedule: decayRate must be positive and finite, got "
                    + decayRate);
        }
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("ExponentialSchedule: decaySteps must be positive, got " + decaySteps);
        }
    }

    @Override
    public double lr(long step) {
        HyperParameters.requireStep("ExponentialSchedule", step);
        return initialLr * Math.pow(decayRate, (double) step / decaySteps);
    }
}
