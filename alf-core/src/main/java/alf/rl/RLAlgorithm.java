package alf.rl;

import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.io.Stateful;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An off-policy reinforcement-learning algorithm as the trainer drives it (ALF's predict / rollout / train step,
 * then loss → update → after-update). Call order per training iteration:
 * <ol>
 *   <li>{@link #rolloutAction} on the current time step (collection; no graph is recorded);</li>
 *   <li>for each update: {@link #trainStep} on a replayed batch → the trainer checks the loss terms are finite →
 *       {@link #update} (one backward of the total loss, then every optimizer steps) → {@link #afterUpdate}
 *       (e.g. target networks);</li>
 *   <li>{@link #predictAction} during evaluation (greedy: the policy's mode).</li>
 * </ol>
 * Its whole learning state (networks, optimizers, temperature, target networks) is {@link Stateful}.
 */
public interface RLAlgorithm extends Stateful {

    /**
     * Names of the loss terms ({@link LossInfo#terms()}) and metrics ({@link LossInfo#metrics()}) this algorithm
     * reports, in the order the trainer's metrics files list them.
     */
    List<String> metricNames();

    /**
     * The tensors the optimizers update, which the trainer checks are still finite after every
     * {@link #update} (so a divergent step stops the run naming the step, not a NaN deep inside the next
     * forward pass). The default, no tensors, skips the check.
     */
    default List<Tensor> trainedParameters() {
        return List.of();
    }

    /** The greedy action for evaluation (the mode of the policy), without recording a graph. */
    Tensor predictAction(TimeStep step);

    /** An exploratory action for collecting experience (a sample of the policy), without recording a graph. */
    Tensor rolloutAction(TimeStep step, Rng rng);

    /**
     * The losses of one replayed batch, with the graph attached. A batch from prioritised replay carries
     * importance-sampling weights ({@link SampledBatch#weights()}): each sample's loss is then multiplied by its weight,
     * and {@link LossInfo#priorities()} should hold the new per-sample priorities (|TD error|). An algorithm without
     * such support must refuse a weighted batch with an {@link UnsupportedOperationException} naming itself.
     */
    LossInfo trainStep(SampledBatch batch, Rng rng);

    /** Backpropagates {@code loss.loss()} and steps every optimizer once. */
    void update(LossInfo loss);

    /** Work after each update, such as moving target networks toward the online ones. */
    void afterUpdate();

    /**
     * The trained parameters by name (their gradients, after {@link #update}, in {@link Tensor#grad()}), for
     * summaries such as TensorBoard histograms. This default reports none.
     */
    default Map<String, Tensor> namedParameters() {
        return Map.of();
    }
}
