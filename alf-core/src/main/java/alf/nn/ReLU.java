package alf.nn;

import alf.tensor.Tensor;

/** max(x, 0) elementwise ({@code torch.nn.ReLU}); the in-place variant overwrites its input ({@code inplace=True}). */
public final class ReLU extends Module {
    private final boolean inPlace;

    public ReLU() {
        this(false);
    }

    /** With {@code inPlace}, forward overwrites and returns its input (saves memory; autograd checks versions). */
    public ReLU(boolean inPlace) {
        this.inPlace = inPlace;
    }

    @Override
    public Tensor forward(Tensor x) {
        return inPlace ? x.relu_() : x.relu();
    }

    @Override
    protected String extraRepr() {
        return inPlace ? "inPlace=true" : "";
    }
}
