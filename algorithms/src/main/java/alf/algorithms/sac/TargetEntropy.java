package alf.algorithms.sac;

import alf.data.BoundedTensorSpec;

/**
 * Default target entropies H̄ for SAC's temperature loss.
 *
 * <ul>
 *   <li>{@link #negativeActionDimension}: −|A|, the heuristic of Haarnoja et al., "Soft Actor-Critic Algorithms and
 *       Applications" (2018), for continuous actions.</li>
 *   <li>{@link #fromMinProb}: ALF's min-probability rule. Continuous: Σ_d log(p·(max_d − min_d)), the entropy of a
 *       uniform density on a fraction p of each dimension's range. Discrete with N actions: the entropy of a
 *       distribution with 1 − p on one action and p spread evenly over the other N − 1:
 *       −(1 − p)·log(1 − p) − p·log(p/(N − 1)).</li>
 * </ul>
 */
public final class TargetEntropy {
    private TargetEntropy() {
    }

    /** −|A| for a continuous action spec. */
    public static double negativeActionDimension(BoundedTensorSpec actionSpec) {
        return -actionSpec.numel();
    }

    /** ALF's min-probability target entropy (see the class comment); {@code minProb} in (0, 1). */
    public static double fromMinProb(BoundedTensorSpec actionSpec, double minProb) {
        if (!(minProb > 0 && minProb < 1)) {
            throw new IllegalArgumentException("TargetEntropy: minProb must be in (0, 1), got " + minProb);
        }
        double total = 0;
        for (int i = 0; i < actionSpec.numel(); i++) {
            double range = actionSpec.maximum(i) - actionSpec.minimum(i);
            if (actionSpec.isDiscrete()) {
                double n = range + 1;
                if (n > 1) {
                    total += -(1 - minProb) * Math.log(1 - minProb) - minProb * Math.log(minProb / (n - 1));
                }
            } else {
                total += Math.log(minProb * range);
            }
        }
        return total;
    }
}
