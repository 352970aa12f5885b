package alf.nn;

import alf.tensor.Tensor;
import java.util.List;

/**
 * A function run after a module's forward ({@code register_forward_hook} in PyTorch): to inspect activations, log
 * statistics, or replace the output.
 */
@FunctionalInterface
public interface ForwardHook {
    /**
     * Called after {@code module} computed {@code output} from {@code inputs}; returns a replacement output, or null
     * to keep {@code output}.
     */
    Tensor afterForward(Module module, List<Tensor> inputs, Tensor output);
}
