package alf.environments.wrappers;

import alf.data.EpisodeAccumulator;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    public Map<String, Object> stateDict() {
        Map<String, Object> out = super.stateDict();
        out.put("runningReturn", accumulator.returns());
        out.put("runningLength", accumulator.lengths());
        out.put("totalEpisodes", totalEpisodes);
        double[] flat = new double[4 * completed.size()];
        for (int i = 0; i < completed.size(); i++) {
            EpisodeResult r = completed.get(i);
            flat[4 * i] = r.envId();
            flat[4 * i + 1] = r.episodeReturn();
            flat[4 * i + 2] = r.length();
            flat[4 * i + 3] = r.terminated() ? 1 : 0;
        }
        out.put("completed", flat);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        super.loadStateDict(state);
        accumulator.restore((double[]) state.get("runningReturn"), (long[]) state.get("runningLength"));
        totalEpisodes = (Long) state.get("totalEpisodes");
        double[] flat = (double[]) state.get("completed");
        completed.clear();
        for (int i = 0; i < flat.length / 4; i++) {
            completed.add(new EpisodeResult((int) flat[4 * i], flat[4 * i + 1], (int) flat[4 * i + 2],
                    flat[4 * i + 3] != 0));
        }
    }
}
