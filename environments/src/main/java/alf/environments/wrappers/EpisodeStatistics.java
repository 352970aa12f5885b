package alf.environments.wrappers;

import alf.data.StepType;
import alf.data.TimeStep;
import alf.environments.Environment;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the return and length of every finished episode, as Gymnasium's {@code RecordEpisodeStatistics}:
 * per sub-environment, a FIRST row starts a new sum, every later row adds its reward and counts one step,
 * and a LAST row completes an {@link EpisodeResult} (terminated when its discount is 0). Results accumulate
 * until {@link #drainCompletedEpisodes()} takes them. Time steps pass through unchanged.
 */
public final class EpisodeStatistics extends EnvironmentWrapper {

    private final double[] runningReturn;
    private final int[] runningLength;
    private final List<EpisodeResult> completed = new ArrayList<>();
    private long totalEpisodes;

    /** Records the episodes of {@code inner}. */
    public EpisodeStatistics(Environment inner) {
        super(inner);
        runningReturn = new double[inner.batchSize()];
        runningLength = new int[inner.batchSize()];
    }

    @Override
    public TimeStep reset() {
        return observe(inner.reset());
    }

    @Override
    public TimeStep step(Tensor action) {
        return observe(inner.step(action));
    }

    private TimeStep observe(TimeStep ts) {
        int[] types = ts.stepType().toIntArray();
        double[] rewards = ts.reward().toDoubleArray();
        double[] discounts = ts.discount().toDoubleArray();
        int[] ids = ts.envId().toIntArray();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == StepType.FIRST.code()) {
                runningReturn[i] = 0.0;
                runningLength[i] = 0;
                continue;
            }
            runningReturn[i] += rewards[i];
            runningLength[i]++;
            if (types[i] == StepType.LAST.code()) {
                completed.add(new EpisodeResult(ids[i], runningReturn[i], runningLength[i], discounts[i] == 0.0));
                totalEpisodes++;
            }
        }
        return ts;
    }

    /** The episodes completed since the last drain, in completion order (rows in env-id order). */
    public List<EpisodeResult> completedEpisodes() {
        return List.copyOf(completed);
    }

    /** Returns and forgets the episodes completed since the last drain. */
    public List<EpisodeResult> drainCompletedEpisodes() {
        List<EpisodeResult> out = List.copyOf(completed);
        completed.clear();
        return out;
    }

    /** Number of episodes completed since creation. */
    public long totalEpisodes() {
        return totalEpisodes;
    }
}
