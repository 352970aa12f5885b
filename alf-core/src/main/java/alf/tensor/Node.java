package alf.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node of the define-by-run graph (PyTorch's {@code grad_fn}): it knows the operation's name, where each input's
 * gradient goes next (the input's own node, the accumulator of a leaf, or nowhere), the tensors it saved, and its
 * backward formula. Nodes are created by operations when {@link GradMode} is on and an input requires grad.
 */
public class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String name;
    private final Node[] next;
    private final int[][] inputShapes;
    private final DType[] inputDtypes;
    private final long sequenceNumber;
    private final List<SavedTensor> saved = new ArrayList<>(2);
    private BackwardFunction function;
    private List<Tensor> retainedGradTensors;
    private boolean released;

    /** A node for an operation on {@code inputs}; the edges are taken from the inputs as they are now. */
    public Node(String name, Tensor... inputs) {
        this.name = name;
        this.next = new Node[inputs.length];
        this.inputShapes = new int[inputs.length][];
        this.inputDtypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null) {
                next[i] = Autograd.edgeOf(t);
                inputShapes[i] = t.shape();
                inputDtypes[i] = t.dtype();
            }
        }
        this.sequenceNumber = SEQUENCE.incrementAndGet();
    }

    /** Saves a tensor for backward (version-checked when unpacked). */
    public SavedTensor save(Tensor t) {
        SavedTensor s = new SavedTensor(this, t);
        saved.add(s);
        return s;
    }

    /** Sets the backward formula; {@code savedTensors} are unpacked and passed to it in this order. */
    public Node backward(BackwardFunction f) {
        this.function = f;
        return this;
    }

    /** The operation's name, e.g. {@code mul} or {@code relu_}. */
    public String name() {
        return name;
    }

    /** Creation order: later nodes run first in backward. */
    long sequenceNumber() {
        return sequenceNumber;
    }

    Node[] next() {
        return next;
    }

    int[] inputShape(int i) {
        return inputShapes[i];
    }

    DType inputDtype(int i) {
        return inputDtypes[i];
    }

    void retainGradFor(Tensor t) {
        if (retainedGradTensors == null) {
            retainedGradTensors = new ArrayList<>(1);
        }
        if (!retainedGradTensors.contains(t)) {
            retainedGradTensors.add(t);
        }
    }

    List<Tensor> retainedGradTensors() {
        return retainedGradTensors == null ? List.of() : retainedGradTensors;
    }

    /** Runs the backward formula; gradients are per input, in input order. */
    Tensor[] apply(Tensor gradOutput) {
        if (released && !saved.isEmpty()) {
            throw new IllegalStateException("Trying to backward through the graph a second time at node '" + name
                    + "': its saved tensors were freed by the first backward. Pass retainGraph = true to the first "
                    + "backward if you need to backward through the graph twice.");
        }
        Tensor[] unpacked = new Tensor[saved.size()];
        for (int i = 0; i < unpacked.length; i++) {
            unpacked[i] = saved.get(i).get();
        }
        return function.apply(gradOutput, unpacked);
    }

    /** Frees saved tensors (after a backward without retainGraph). */
    void release() {
        released = true;
        for (SavedTensor s : saved) {
            s.release();
        }
    }

    @Override
    public String toString() {
        return name + "Backward";
    }
}
