package alf.tensor;


/** The graph node of a leaf that requires grad: backward accumulates into the leaf's {@code .grad}. */
final class AccumulateGrad extends Node {
    private final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad");
        this.leaf = leaf;
    }

    Tensor leaf() {
        return leaf;
    }
}
