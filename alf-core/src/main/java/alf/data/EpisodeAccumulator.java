package alf.data;

import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Running return and length of the episode in each row of a batched environment: fed every {@link TimeStep} in
 * order, it reports each episode as it ends (a LAST row). A FIRST row starts a fresh episode; its reward (always 0)
 * is not counted. Its state is part of a trainer's checkpoint.
 */
public final class EpisodeAccumulator {
    private final double[] returns;
    private final long[] lengths;

    /** Receives one finished episode. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param row        the batch row (environment id) the episode ran in
         * @param ret        undiscounted sum of rewards
         * @param length     number of steps after the FIRST one
         * @param terminated true when the task terminated (discount 0), false when truncated
         */
        void episodeEnded(int row, double ret, long length, boolean terminated);
    }

    public EpisodeAccumulator(int batchSize) {
        returns = new double[batchSize];
        lengths = new long[batchSize];
    }

    /** Adds one batched time step, calling {@code listener} for every row whose episode ends with it. */
    public void add(TimeStep step, Listener listener) {
        int b = step.batchSize();
        if (b != returns.length) {
            throw new IllegalArgumentException("EpisodeAccumulator: time step of batch size " + b
                    + " for an accumulator of batch size " + returns.length);
        }
        // read in place (Tensor.getDouble), so that accumulating allocates nothing
        Tensor rewards = step.reward();
        for (int i = 0; i < b; i++) {
            StepType type = step.stepType(i);
            if (type == StepType.FIRST) {
                returns[i] = 0.0;
                lengths[i] = 0;
                continue;
            }
            returns[i] += rewards.getDouble(i);
            lengths[i]++;
            if (type == StepType.LAST) {
                listener.episodeEnded(i, returns[i], lengths[i], step.discount().getDouble(i) == 0.0);
            }
        }
    }

    /** Running returns per row (a copy, for checkpoints). */
    public double[] returns() {
        return returns.clone();
    }

    /** Running lengths per row (a copy, for checkpoints). */
    public long[] lengths() {
        return lengths.clone();
    }

    /** Restores running returns and lengths saved from {@link #returns()} and {@link #lengths()}. */
    public void restore(double[] savedReturns, long[] savedLengths) {
        if (savedReturns.length != returns.length || savedLengths.length != lengths.length) {
            throw new IllegalArgumentException("EpisodeAccumulator: saved state is for batch size "
                    + savedReturns.length + ", this one has " + returns.length);
        }
        System.arraycopy(savedReturns, 0, returns, 0, returns.length);
        System.arraycopy(savedLengths, 0, lengths, 0, lengths.length);
    }

    @Override
    public String toString() {
        return "EpisodeAccumulator" + Arrays.toString(returns);
    }
}
