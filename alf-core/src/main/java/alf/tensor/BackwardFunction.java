package alf.tensor;


/**
 * The backward formula of one operation: given the gradient of the output and the unpacked saved tensors, returns
 * the gradient of each input (null where an input gets none). Gradients may have the broadcast shape: the engine
 * sums them back to each input's shape.
 */
@FunctionalInterface
public interface BackwardFunction {
    Tensor[] apply(Tensor gradOutput, Tensor[] saved);
}
