package alf.optimizers;

import alf.config.Configurable;

/**
 * Piecewise-constant decay: {@code lr(t) = initialLr · gamma^⌊t / stepSize⌋} (PyTorch's {@code StepLR}; TensorFlow's
 * {@code ExponentialDecay} with {@code staircase=True}).
 */
@Configurable
public record StepSchedule(double initialLr, long stepSize, double gamma) implements LearningRateSchedule {

    public StepSchedule {
        HyperParameters.requireNonNegative("StepSchedule", "initialLr", initialLr);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepSchedule: stepSize must be positive, got " + stepSize);
        }
        HyperParameters.requireNonNegative("StepSchedule", "gamma", gamma);
    }

    @Override
    public double lr(long step) {
        HyperParameters.requireStep("StepSchedule", step);
        return initialLr * Math.pow(gamma, (double) (step / stepSize));
    }
}
