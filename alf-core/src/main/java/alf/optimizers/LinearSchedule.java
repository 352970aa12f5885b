package alf.optimizers;

import alf.config.Configurable;

/**
 * A rate moving linearly from {@code startLr} to {@code endLr} over {@code steps} updates, then held at
 * {@code endLr}: {@code lr(t) = startLr + (endLr − startLr)·min(t, steps)/steps}
 * (the absolute-rate form of PyTorch's {@code LinearLR} and of ALF's {@code LinearScheduler}).
 */
@Configurable
public record LinearSchedule(double startLr, double endLr, long steps) implements LearningRateSchedule {

    public LinearSchedule {
        HyperParameters.requireNonNegative("LinearSchedule", "startLr", startLr);
        HyperParameters.requireNonNegative("LinearSchedule", "endLr", endLr);
        if (steps <= 0) {
            throw new IllegalArgumentException("LinearSchedule: steps must be positive, got " + steps);
        }
    }

    @Override
    public double lr(long step) {
        HyperParameters.requireStep("LinearSchedule", step);
        if (step >= steps) {
            return endLr;
        }
        return startLr + (endLr - startLr) * ((double) step / steps);
    }
}
