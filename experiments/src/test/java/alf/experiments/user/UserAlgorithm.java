package alf.experiments.user;

import alf.algorithms.sac.SacAlgorithm;
import alf.config.Configurable;
import alf.data.BoundedTensorSpec;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.config.Default;
import alf.optimizers.Optimizer;
import alf.rl.LossInfo;
import alf.rl.RLAlgorithm;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import alf.io.StateDict;

/** A user's own algorithm class, known to no registry: SAC with tiny networks and one configurable discount. */
@Configurable
public final class UserAlgorithm implements RLAlgorithm {

    private final SacAlgorithm sac;

    /** Tiny SAC with discount {@code discount}, every network trained by {@code optimizer}. */
    public UserAlgorithm(BoundedTensorSpec observationSpec, BoundedTensorSpec actionSpec, Rng rng, double discount,
                         @Default("{ class = Adam, lr = 1e-3 }") Optimizer optimizer) {
        sac = new SacAlgorithm(observationSpec, actionSpec, rng, new int[] {8}, new int[] {8}, optimizer,
                null, null, null, discount, 0.005, 1, 1.0, null, null, 2, true, alf.algorithms.sac.StdTransform.CLIPPED_EXP,
                true, true);
    }

    @Override
    public List<String> metricNames() {
        return sac.metricNames();
    }

    @Override
    public Tensor predictAction(TimeStep step) {
        return sac.predictAction(step);
    }

    @Override
    public Tensor rolloutAction(TimeStep step, Rng rng) {
        return sac.rolloutAction(step, rng);
    }

    @Override
    public LossInfo trainStep(SampledBatch batch, Rng rng) {
        return sac.trainStep(batch, rng);
    }

    @Override
    public void update(LossInfo loss) {
        sac.update(loss);
    }

    @Override
    public void afterUpdate() {
        sac.afterUpdate();
    }

    @Override
    public StateDict stateDict() {
        return sac.stateDict();
    }

    @Override
    public void loadStateDict(StateDict state) {
        sac.loadStateDict(state);
    }
}
