package alf.nn;

import alf.tensor.Tensor;

/** tanh(x) elementwise ({@code torch.nn.Tanh}); the in-place variant overwrites its input. */
public final class Tanh extends Module {
    private final boolean inPlace;

    public Tanh() {
        this(false);
    }

    /** With {@code inPlace}, forward overwrites and returns its input. */
    public Tanh(boolean inPlace) {
        this.inPlace = inPlace;
    }

    @Override
    public Tensor forward(Tensor x) {
        return inPlace ? x.tanh_() : x.tanh();
    }

    @Override
    protected String extraRepr() {
        return inPlace ? "inPlace=true" : "";
    }
}
