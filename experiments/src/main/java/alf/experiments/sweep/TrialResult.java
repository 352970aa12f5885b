package alf.experiments.sweep;

import alf.experiments.MetricsTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one finished trial achieved: its greedy-evaluation curve, final return, area under the curve, and wall time.
 *
 * @param evalSteps   environment steps of the evaluations (rows of {@code metrics.csv} with an {@code eval_return})
 * @param evalReturns the mean greedy return of each evaluation
 * @param finalReturn the return of the last evaluation
 * @param auc         the normalised area under the curve, see {@link #areaUnderCurve}
 * @param wallSeconds training wall time, see {@link WallTime}; not reproducible
 */
public record TrialResult(long[] evalSteps, double[] evalReturns, double finalReturn, double auc,
        double wallSeconds) {

    /** The result of the finished run in {@code runDir}. */
    public static TrialResult read(Path runDir) {
        MetricsTable metrics = MetricsTable.read(runDir);
        double[] ret = metrics.column("eval_return");
        List<Long> steps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            if (!Double.isNaN(ret[i])) {
                steps.add(metrics.envSteps()[i]);
                values.add(ret[i]);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(runDir.resolve("metrics.csv") + " has no eval_return value");
        }
        long[] s = steps.stream().mapToLong(Long::longValue).toArray();
        double[] r = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new TrialResult(s, r, r[r.length - 1], areaUnderCurve(s, r), WallTime.seconds(runDir));
    }

    /**
     * The area under the piecewise-linear curve through {@code (steps[k], returns[k])} (trapezoid rule) divided by
     * the step range: {@code Σₖ (sₖ − sₖ₋₁)(rₖ + rₖ₋₁)/2 / (s_K − s₀)}, i.e. the curve's average return over
     * training, in units of return. A single point gives its own return.
     *
     * @throws IllegalArgumentException when the arrays differ in length, are empty, or the steps do not increase
     */
    public static double areaUnderCurve(long[] steps, double[] returns) {
        if (steps.length != returns.length || steps.length == 0) {
            throw new IllegalArgumentException("areaUnderCurve: need equally many steps and returns (>= 1), got "
                    + steps.length + " and " + returns.length);
        }
        if (steps.length == 1) {
            return returns[0];
        }
        double area = 0;
        for (int k = 1; k < steps.length; k++) {
            if (steps[k] <= steps[k - 1]) {
                throw new IllegalArgumentException("areaUnderCurve: steps must increase, got " + steps[k - 1]
                        + " then " + steps[k]);
            }
            area += (steps[k] - steps[k - 1]) * (returns[k] + returns[k - 1]) / 2.0;
        }
        return area / (steps[steps.length - 1] - steps[0]);
    }
}
