package alf.optimizers;

import alf.tensor.Tensor;

/**
 * Pieces shared by the update rules, written in PyTorch 1.13's operation order so float32 results round like
 * {@code torch.optim}: coupled L2 decay (Adam, AdamTF, Sgd), AMSGrad's running maximum, and the moment updates of
 * {@link Adam}, {@link AdamW} and {@link AdamTF}:
 * {@code m ← m·β₁ + (1−β₁)·g} ({@code exp_avg.mul_(β₁).add_(g, alpha=1−β₁)}) and
 * {@code v ← v·β₂ + ((1−β₂)·g)·g} ({@code exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1−β₂)}).
 */
final class UpdateKernels {

    private UpdateKernels() {
    }

    /**
     * Updates {@code m} and {@code v} in place; {@code scratch} (shaped like {@code g}, not aliasing any argument) is
     * overwritten.
     */
    static void update(Tensor m, Tensor v, Tensor g, double beta1, double beta2, Tensor scratch) {
        m.muli(beta1).addi(scratch.copy_(g).muli(1 - beta1));
        v.muli(beta2).addi(scratch.copy_(g).muli(1 - beta2).muli(g));
    }

    /** {@code g + weightDecay·p} into {@code scratch} (PyTorch's {@code grad.add(param, alpha=weight_decay)}). */
    static Tensor coupledDecay(Tensor g, Tensor p, double weightDecay, Tensor scratch) {
        return scratch.copy_(p).muli(weightDecay).addi(g);
    }

    /** {@code max(vmax, v)} into {@code vmax} (AMSGrad), returning {@code vmax}. */
    static Tensor amsgradMax(Tensor vmax, Tensor v) {
        return vmax.copy_(vmax.maximum(v));
    }
}
