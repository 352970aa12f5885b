package alf.algorithms.sac;

import alf.nn.MLP;
import alf.nn.Module;
import alf.nn.ReLU;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;

/**
 * A Q-network. Continuous actions: Q(s, a) = MLP([s, a]) → [N]. Discrete actions ({@code actionSize} = 0 and
 * {@code numActions} &gt; 0): Q(s, ·) = MLP(s) → [N, K], one value per action.
 */
public final class CriticNetwork extends Module {
    private final Module mlp;
    private final boolean discrete;

    /**
     * @param observationSize size of s
     * @param actionSize      size of a for continuous actions (0 for discrete)
     * @param numActions      number of discrete actions (0 for continuous)
     */
    public CriticNetwork(int observationSize, int actionSize, int numActions, int[] hiddenSizes, Rng rng) {
        if ((actionSize > 0) == (numActions > 0)) {
            throw new IllegalArgumentException("CriticNetwork: give either actionSize (continuous) or numActions "
                    + "(discrete), got " + actionSize + " and " + numActions);
        }
        this.discrete = numActions > 0;
        this.mlp = registerModule("mlp", MLP.builder(observationSize + actionSize).hidden(hiddenSizes)
                .output(discrete ? numActions : 1).activation(ReLU::new).build(rng));
    }

    /** Q(s, a) for continuous actions: [N]. */
    public Tensor q(Tensor observation, Tensor action) {
        return call(observation, action);
    }

    /** Q(s, ·) for discrete actions: [N, K]. */
    public Tensor qAll(Tensor observation) {
        return call(observation);
    }

    @Override
    protected Tensor forwardInputs(Tensor[] inputs) {
        if (discrete) {
            if (inputs.length != 1) {
                throw new IllegalArgumentException("CriticNetwork (discrete): expects the observation only");
            }
            return mlp.call(inputs[0]);
        }
        if (inputs.length != 2) {
            throw new IllegalArgumentException("CriticNetwork: expects (observation, action)");
        }
        return mlp.call(Tensor.cat(List.of(inputs[0], inputs[1]), 1)).squeeze(1);
    }
}
