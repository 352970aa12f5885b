package alf.optimizers;

import alf.config.Configurable;

/** A learning rate that never changes: {@code lr(t) = lr}. */
@Configurable
public record ConstantSchedule(double lr) implements LearningRateSchedule {

    public ConstantSchedule {
        HyperParameters.requireNonNegative("ConstantSchedule", "lr", lr);
    }

    @Override
    public double lr(long step) {
        return lr;
    }
}
