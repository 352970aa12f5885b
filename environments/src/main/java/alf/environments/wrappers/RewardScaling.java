package alf.environments.wrappers;

import alf.config.Configurable;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;

/**
 * Multiplies every reward by a constant factor (FIRST rows keep reward 0). Put {@link EpisodeStatistics}
 * inside this wrapper to report unscaled returns. The scaled rewards are written into two tensors in turn, so a step
 * allocates nothing in the steady state and a returned time step stays valid until the second following call.
 */
@Configurable
public final class RewardScaling extends EnvironmentWrapper {

    private final double scale;
    /** The rewards of a step, kept between steps (created on the first time step). */
    private double[] rewards;
    /** The scaled rewards, written in turn so that a step allocates nothing. */
    private TurnBuffers outputs;

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
        if (rewards == null) {
            rewards = new double[ts.reward().numel()];
            outputs = new TurnBuffers(ts.reward().dtype(), ts.reward().shape());
        }
        double[] r = ts.reward().toDoubleArray(rewards);
        for (int i = 0; i < r.length; i++) {
            r[i] *= scale;
        }
        return outputs.replace(ts, r, TimeStep::withReward);
    }
}
