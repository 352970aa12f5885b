package alf.experiments.sweep;

import java.util.Arrays;
import java.util.List;

/**
 * One combination's results over its seeds: the mean greedy-return curve with its ±1 std band, and the mean ± std of
 * the final return, the area under the curve and the wall time.
 *
 * @param combination the settings
 * @param seeds       the seeds, in the order aggregated
 * @param steps       the evaluation steps (the same for every seed)
 * @param meanReturn  the mean return over seeds at each evaluation step
 * @param stdReturn   the sample std over seeds at each evaluation step
 * @param finalReturn the final return over seeds
 * @param auc         the normalised area under the curve over seeds
 * @param wallSeconds the training wall time over seeds (not reproducible)
 */
public record CombinationResult(Combination combination, List<Long> seeds, long[] steps, double[] meanReturn,
        double[] stdReturn, MeanStd finalReturn, MeanStd auc, MeanStd wallSeconds) {

    /**
     * Aggregates the trials of {@code combination} (one per seed, in seed order).
     *
     * @throws IllegalArgumentException when the trials were evaluated at different steps
     */
    public static CombinationResult aggregate(Combination combination, List<Long> seeds, List<TrialResult> trials) {
        if (trials.isEmpty() || trials.size() != seeds.size()) {
            throw new IllegalArgumentException("combination '" + combination.label() + "': " + trials.size()
                    + " trial result(s) for " + seeds.size() + " seed(s)");
        }
        long[] steps = trials.get(0).evalSteps();
        for (int i = 1; i < trials.size(); i++) {
            if (!Arrays.equals(steps, trials.get(i).evalSteps())) {
                throw new IllegalArgumentException("combination '" + combination.label() + "': seed " + seeds.get(i)
                        + " was evaluated at steps " + Arrays.toString(trials.get(i).evalSteps()) + " but seed "
                        + seeds.get(0) + " at " + Arrays.toString(steps));
            }
        }
        int n = trials.size();
        double[] mean = new double[steps.length];
        double[] std = new double[steps.length];
        double[] column = new double[n];
        for (int k = 0; k < steps.length; k++) {
            for (int i = 0; i < n; i++) {
                column[i] = trials.get(i).evalReturns()[k];
            }
            MeanStd m = MeanStd.of(column);
            mean[k] = m.mean();
            std[k] = m.std();
        }
        double[] finals = new double[n];
        double[] aucs = new double[n];
        double[] walls = new double[n];
        for (int i = 0; i < n; i++) {
            finals[i] = trials.get(i).finalReturn();
            aucs[i] = trials.get(i).auc();
            walls[i] = trials.get(i).wallSeconds();
        }
        return new CombinationResult(combination, List.copyOf(seeds), steps, mean, std, MeanStd.of(finals),
                MeanStd.of(aucs), MeanStd.of(walls));
    }
}
