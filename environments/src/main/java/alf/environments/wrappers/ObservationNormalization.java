package alf.environments.wrappers;

import alf.config.Configurable;
import alf.config.Default;
import alf.data.BoundedTensorSpec;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.io.Stateful;
import alf.tensor.Tensor;

/**
 * Normalises observations with running statistics, as Gymnasium's {@code NormalizeObservation}: every
 * batch of observations (FIRST rows included) first updates a {@link RunningMeanVariance}, then each element
 * becomes clip((x − μ) / √(σ² + ε), −c, c). Updating can be frozen (for evaluation). The statistics are
 * state that belongs in a checkpoint: {@link #statistics()} / {@link #loadStatistics}, or through the
 * {@link Stateful} contract {@link #stateDict()} / {@link #loadStateDict}. The normalised observations are written
 * into two tensors in turn, so a step allocates nothing in the steady state and a returned time step stays valid until
 * the second following call.
 */
public final class ObservationNormalization extends EnvironmentWrapper {

    /** Default ε added to the variance. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private RunningMeanVariance statistics;
    private final double clip;
    private final double epsilon;
    private final BoundedTensorSpec spec;
    private boolean updating = true;
    /** The observations of a step, kept between steps (created on the first time step). */
    private double[] values;
    /** The normalised observations, written in turn so that a step allocates nothing. */
    private TurnBuffers outputs;

    /** Normalises {@code inner}'s observations, clipping to ±{@code clip} (positive, may be infinite). */
    @Configurable
    public ObservationNormalization(Environment inner, @Default("10.0") double clip, @Default("1e-8") double epsilon) {
        super(inner);
        if (!(clip > 0)) {
            throw new IllegalArgumentException("ObservationNormalization(" + inner.name()
                    + "): clip must be positive, got " + clip);
        }
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("ObservationNormalization(" + inner.name()
                    + "): epsilon must be finite and >= 0, got " + epsilon);
        }
        BoundedTensorSpec innerSpec = inner.observationSpec();
        if (!innerSpec.isFloatingPoint()) {
            throw new IllegalArgumentException("ObservationNormalization(" + inner.name()
                    + "): needs floating-point observations, got " + innerSpec);
        }
        this.clip = clip;
        this.epsilon = epsilon;
        this.statistics = new RunningMeanVariance(innerSpec.numel());
        this.spec = BoundedTensorSpec.uniform(innerSpec.shape(), innerSpec.dtype(), innerSpec.name(), -clip, clip);
    }

    /** Normalises with clip 10 and ε = 1e-8. */
    public ObservationNormalization(Environment inner) {
        this(inner, 10.0, DEFAULT_EPSILON);
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return spec;
    }

    /** Whether observations still update the statistics. */
    public boolean isUpdating() {
        return updating;
    }

    /** Freezes ({@code false}) or resumes ({@code true}) updating the statistics. */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /**
     * Normalises with {@code training}'s running statistics from now on (the very object, so they stay current as
     * training goes on) and stops updating them: what an evaluation copy of a training environment needs, as
     * Stable-Baselines3 evaluates with its training {@code VecNormalize} statistics frozen.
     *
     * @throws IllegalArgumentException if the two normalise observations of different sizes
     */
    public void shareStatisticsOf(ObservationNormalization training) {
        if (training.statistics.size() != statistics.size()) {
            throw new IllegalArgumentException("ObservationNormalization(" + inner.name() + "): cannot share the "
                    + "statistics of " + training.statistics.size() + " components with " + statistics.size());
        }
        statistics = training.statistics;
        updating = false;
    }

    /** A snapshot of the running statistics. */
    public RunningMeanVariance.State statistics() {
        return statistics.state();
    }

    /** Restores the running statistics. */
    public void loadStatistics(RunningMeanVariance.State state) {
        statistics.load(state);
    }

    /**
     * The statistics for a checkpoint: "count" (a long), "mean" and "m2" (double arrays), and the wrapped
     * environment's state under "inner" when it has one.
     */
    @Override
    public StateDict stateDict() {
        RunningMeanVariance.State s = statistics.state();
        StateDict out = inner instanceof Stateful ? super.stateDict() : new StateDict();
        return out.putLong("count", s.count()).putDoubles("mean", s.mean()).putDoubles("m2", s.m2());
    }

    /** Restores statistics (and the wrapped environment's state, when saved) from {@link #stateDict()}. */
    @Override
    public void loadStateDict(StateDict state) {
        if (state.has("inner")) {
            super.loadStateDict(state);
        }
        statistics.load(new RunningMeanVariance.State(state.getLong("count"), state.doubles("mean"),
                state.doubles("m2")));
    }

    @Override
    public TimeStep reset() {
        return normalize(inner.reset());
    }

    @Override
    public TimeStep step(Tensor action) {
        return normalize(inner.step(action));
    }

    private TimeStep normalize(TimeStep ts) {
        Tensor obs = ts.observation();
        if (values == null) {
            values = new double[obs.numel()];
            outputs = new TurnBuffers(obs.dtype(), obs.shape());
        }
        double[] x = obs.toDoubleArray(values);
        int size = statistics.size();
        int rows = x.length / size;
        if (updating) {
            statistics.update(x, rows);
        }
        for (int j = 0; j < size; j++) {
            double mu = statistics.mean(j);
            double scale = 1.0 / Math.sqrt(statistics.variance(j) + epsilon);
            for (int r = 0; r < rows; r++) {
                int k = r * size + j;
                double z = (x[k] - mu) * scale;
                x[k] = Math.min(Math.max(z, -clip), clip);
            }
        }
        return outputs.replace(ts, x, TimeStep::withObservation);
    }
}
