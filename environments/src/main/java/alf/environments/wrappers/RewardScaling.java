package alf.environments.wrappers;

import alf.config.Configurable;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;

/**
 * Multiplies every reward by a constant factor (FIRST rows keep reward 0). Put {@link EpisodeStatistics}
 * inside this wrapper to report unscaled returns.
 */
@Configurable
public final class RewardScaling extends EnvironmentWrapper {

    private final double scale;

    /** Scales {@code inner}'s rewards by {@code scale} (finite). */
    public RewardScaling(Environment inner, double scale) {
        super(inner);
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("RewardScaling(" + inner.name() + "): scale must be finite, got "
                    + scale);
        }
        this.scale = scale;
    }

    /** The factor. */
    public double scale() {
        return scale;
    }

    @Override
    public TimeStep reset() {
        return scaled(inner.reset());
    }

    @Override
    public TimeStep step(Tensor action) {
        return scaled(inner.step(action));
    }

    private TimeStep scaled(TimeStep ts) {
        double[] r = ts.reward().toDoubleArray();
        for (int i = 0; i < r.length; i++) {
            r[i] *= scale;
        }
        return ts.withReward(Tensor.of(r, ts.reward().dtype(), r.length));
    }
}
