package alf.nn;

import alf.tensor.Tensor;
import java.util.List;

/** A function run before a module's forward ({@code register_forward_pre_hook} in PyTorch), able to replace inputs. */
@FunctionalInterface
public interface ForwardPreHook {
    /** Called before {@code module} runs on {@code inputs}; returns replacement inputs, or null to keep them. */
    List<Tensor> beforeForward(Module module, List<Tensor> inputs);
}
