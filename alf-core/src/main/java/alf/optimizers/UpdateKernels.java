package alf.optimizers;

import alf.tensor.Tensor;

/**
 * Pieces of the update rules written in PyTorch 1.13's operation order so float32 results round like
 * {@code torch.optim}: coupled L2 decay of {@link Sgd}. (The Adam family's moment updates, AMSGrad and step are one
 * backend call, {@link alf.tensor.Backend#adamStep}, whose reference composition is
 * {@link alf.tensor.AdamRule#applyComposed}.)
 */
final class UpdateKernels {

    private UpdateKernels() {
    }

    /** {@code g + weightDecay·p} into {@code scratch} (PyTorch's {@code grad.add(param, alpha=weight_decay)}). */
    static Tensor coupledDecay(Tensor g, Tensor p, double weightDecay, Tensor scratch) {
        return scratch.copy_(p).muli(weightDecay).addi(g);
    }
}
