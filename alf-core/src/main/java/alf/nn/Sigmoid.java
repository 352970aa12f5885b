package alf.nn;

import alf.tensor.Tensor;

/** σ(x) = 1 / (1 + e^−x) elementwise ({@code torch.nn.Sigmoid}). */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
