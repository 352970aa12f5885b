package alf.rl;

import alf.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one training step: the total loss to differentiate, its named terms (for the NaN check and the
 * metrics), and extra scalar diagnostics such as the entropy temperature.
 *
 * @param loss    0-d total loss (graph attached)
 * @param terms   named 0-d loss terms, e.g. {@code critic}, {@code actor}, {@code alpha} (insertion-ordered)
 * @param metrics    extra scalars to log, e.g. {@code alpha}, {@code entropy}
 * @param priorities [N] detached per-sample |TD error| of the batch, which the trainer writes back to a prioritised
 *                   replay buffer; null when the algorithm has none
 */
public record LossInfo(Tensor loss, Map<String, Tensor> terms, Map<String, Double> metrics, Tensor priorities) {

    public LossInfo {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("LossInfo: the total loss must be a scalar, got shape "
                    + java.util.Arrays.toString(loss.shape()));
        }
        if (priorities != null && (priorities.dim() != 1 || priorities.requiresGrad())) {
            throw new IllegalArgumentException("LossInfo: priorities must be a detached [N] tensor, got shape "
                    + java.util.Arrays.toString(priorities.shape()) + (priorities.requiresGrad()
                    ? " requiring grad" : ""));
        }
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A loss without per-sample priorities. */
    public LossInfo(Tensor loss, Map<String, Tensor> terms, Map<String, Double> metrics) {
        this(loss, terms, metrics, null);
    }

    /**
     * Fails if any term (or the total) is NaN or infinite, naming the step and the term, so training stops before a
     * bad gradient reaches the parameters.
     */
    public void checkFinite(long step) {
        for (Map.Entry<String, Tensor> e : terms.entrySet()) {
            double v = e.getValue().item();
            if (!Double.isFinite(v)) {
                throw new NonFiniteLossException(step, e.getKey(), v);
            }
        }
        double total = loss.item();
        if (!Double.isFinite(total)) {
            throw new NonFiniteLossException(step, "total", total);
        }
    }
}
