package alf.nn;

import alf.tensor.Tensor;

/** Returns its input unchanged ({@code torch.nn.Identity}): a placeholder layer, e.g. "no output activation". */
public final class Identity extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
