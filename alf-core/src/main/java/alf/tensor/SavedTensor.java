package alf.tensor;


/**
 * A tensor saved by a graph node for its backward pass, with the storage version at the moment it was saved.
 * Unpacking it after an in-place modification, or after the graph was freed by a backward without
 * {@code retainGraph}, is an error that names the node.
 */
public final class SavedTensor {
    private final Node owner;
    private Tensor tensor;
    private final int version;

    SavedTensor(Node owner, Tensor tensor) {
        this.owner = owner;
        this.tensor = tensor;
        this.version = tensor.storage().version();
    }

    /** The saved tensor, checked against in-place modification since it was saved. */
    public Tensor get() {
        if (tensor == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or to access saved "
                    + "tensors after they have been freed) at node '" + owner.name() + "'. Pass retainGraph = true "
                    + "to the first backward if you need to backward through the graph twice.");
        }
        int now = tensor.storage().version();
        if (now != version) {
            throw new IllegalStateException("one of the tensors needed for gradient computation by '" + owner.name()
                    + "' has been modified by an in-place operation: its version is " + now + ", expected "
                    + version + " (tensor of shape " + java.util.Arrays.toString(tensor.shape()) + ", "
                    + tensor.dtype() + "). Use an out-of-place op, or clone() before modifying it.");
        }
        return tensor;
    }

    void release() {
        tensor = null;
    }
}
