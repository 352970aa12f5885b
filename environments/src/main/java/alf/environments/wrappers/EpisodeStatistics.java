package alf.environments.wrappers;

import alf.data.EpisodeAccumulator;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
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

    private final EpisodeAccumulator accumulator;
    private final List<EpisodeResult> completed = new ArrayList<>();
    private long totalEpisodes;

    /** Records the episodes of {@code inner}. */
    public EpisodeStatistics(Environment inner) {
        super(inner);
        accumulator = new EpisodeAccumulator(inner.batchSize());
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
        int[] ids = ts.envId().toIntArray();
        accumulator.add(ts, (row, ret, length, terminated) -> {
            completed.add(new EpisodeResult(ids[row], ret, Math.toIntExact(length), terminated));
            totalEpisodes++;
        });
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

    /** The wrapped state plus the running returns and lengths and the episode count (undrained results too). */
    @Override
    public StateDict stateDict() {
        StateDict out = super.stateDict();
        out.putDoubles("runningReturn", accumulator.returns());
        out.putLongs("runningLength", accumulator.lengths());
        out.putLong("totalEpisodes", totalEpisodes);
        double[] flat = new double[4 * completed.size()];
        for (int i = 0; i < completed.size(); i++) {
            EpisodeResult r = completed.get(i);
            flat[4 * i] = r.envId();
            flat[4 * i + 1] = r.episodeReturn();
            flat[4 * i + 2] = r.length();
            flat[4 * i + 3] = r.terminated() ? 1 : 0;
        }
        out.putDoubles("completed", flat);
        return out;
    }

    @Override
    public void loadStateDict(StateDict state) {
        super.loadStateDict(state);
        accumulator.restore(state.doubles("runningReturn"), state.longs("runningLength"));
        totalEpisodes = state.getLong("totalEpisodes");
        double[] flat = state.doubles("completed");
        completed.clear();
        for (int i = 0; i < flat.length / 4; i++) {
            completed.add(new EpisodeResult((int) flat[4 * i], flat[4 * i + 1], (int) flat[4 * i + 2],
                    flat[4 * i + 3] != 0));
        }
    }
}
