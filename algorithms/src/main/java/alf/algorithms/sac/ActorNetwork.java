package alf.algorithms.sac;

import alf.data.BoundedTensorSpec;
import alf.distributions.Distribution;
import alf.nn.MLP;
import alf.nn.Module;
import alf.nn.ReLU;
import alf.tensor.Rng;
import alf.tensor.Tensor;

/** SAC's policy π(a|s): an MLP encoder (ReLU) followed by a {@link NormalProjectionNetwork}. */
public final class ActorNetwork extends Module {
    private final Module encoder;
    private final NormalProjectionNetwork projection;

    public ActorNetwork(int observationSize, BoundedTensorSpec actionSpec, int[] hiddenSizes,
            boolean stateDependentStd, StdTransform stdTransform, boolean scaleDistribution, Rng rng) {
        if (hiddenSizes.length == 0) {
            throw new IllegalArgumentException("ActorNetwork: needs at least one hidden layer");
        }
        this.encoder = registerModule("encoder", MLP.builder(observationSize).hidden(hiddenSizes)
                .activation(ReLU::new).build(rng));
        this.projection = registerModule("projection", new NormalProjectionNetwork(hiddenSizes[hiddenSizes.length - 1],
                actionSpec, stateDependentStd, stdTransform, scaleDistribution, rng));
    }

    /** π(·|s) for observations [N, O]. */
    public Distribution distribution(Tensor observation) {
        return projection.distribution(encoder.call(observation));
    }

    @Override
    public Tensor forward(Tensor observation) {
        return distribution(observation).mode();
    }
}
