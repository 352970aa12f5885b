package alf.nn;

import alf.tensor.Tensor;

/** x / (1 + |x|) elementwise ({@code torch.nn.Softsign}); the in-place variant overwrites its input. */
public final class Softsign extends Module {
    private final boolean inPlace;

    public Softsign() {
        this(false);
    }

    /** With {@code inPlace}, forward overwrites and returns its input. */
    public Softsign(boolean inPlace) {
        this.inPlace = inPlace;
    }

    @Override
    public Tensor forward(Tensor x) {
        return inPlace ? x.softsign_() : x.softsign();
    }

    @Override
    protected String extraRepr() {
        return inPlace ? "inPlace=true" : "";
    }
}
