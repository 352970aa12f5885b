package alf.algorithms;

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
 * @param metrics extra scalars to log, e.g. {@code alpha}, {@code entropy}
 */
public record LossInfo(Tensor loss, Map<String, Tensor> terms, Map<String, Double> metrics) {

    public LossInfo {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("LossInfo: the total loss must be a scalar, got shape "
                    + java.util.Arrays.toString(loss.shape()));
        }
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
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
