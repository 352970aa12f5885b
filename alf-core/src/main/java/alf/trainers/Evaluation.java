package alf.trainers;

import alf.rl.RLAlgorithm;
import alf.tensor.GradMode;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.util.function.IntConsumer;

/**
 * Greedy evaluation: one episode in each copy of a batched evaluation environment, seeded afresh, with actions from
 * {@link RLAlgorithm#predictAction} (the policy's mode). Each copy's first episode counts; copies that finish early
 * keep stepping (auto-reset) but are ignored until all are done.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Mean return and length over the evaluated episodes, and each episode's return. */
    public record Result(double meanReturn, double meanLength, double[] returns) {
    }

    /** Runs one greedy episode per copy of {@code env} after seeding it with {@code seed}. */
    public static Result run(Environment env, RLAlgorithm algorithm, long seed, int maxEpisodes) {
        return run(env, algorithm, seed, maxEpisodes, finished -> { });
    }

    /**
     * As {@link #run(Environment, RLAlgorithm, long, int)}, telling {@code progress} the number of finished episodes
     * after each step that finished one (for a progress display of a long evaluation).
     */
    public static Result run(Environment env, RLAlgorithm algorithm, long seed, int maxEpisodes,
                             IntConsumer progress) {
        int b = env.batchSize();
        int episodes = Math.min(b, maxEpisodes);
        double[] returns = new double[b];
        long[] lengths = new long[b];
        boolean[] done = new boolean[b];
        int remaining = episodes;
        int finishedBefore = remaining;
        env.seed(seed);
        TimeStep step = env.reset();
        try (GradMode.Scope scope = GradMode.noGrad()) {
            while (remaining > 0) {
                Tensor action = algorithm.predictAction(step);
                step = env.step(action);
                Tensor reward = step.reward();
                for (int i = 0; i < episodes; i++) {
                    if (done[i]) {
                        continue;
                    }
                    // rewards are summed as float32 values, read in place (no array per step)
                    returns[i] += (float) reward.getDouble(i);
                    lengths[i]++;
                    if (step.isLast(i)) {
                        done[i] = true;
                        remaining--;
                    }
                }
                if (finishedBefore != remaining) {
                    finishedBefore = remaining;
                    progress.accept(episodes - remaining);
                }
            }
        }
        double sumR = 0;
        double sumL = 0;
        double[] r = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            sumR += returns[i];
            sumL += lengths[i];
            r[i] = returns[i];
        }
        return new Result(sumR / episodes, sumL / episodes, r);
    }
}
