package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019,
 * Algorithm 2; {@code torch.optim.AdamW} of PyTorch 1.13, single-tensor implementation).
 *
 * <p>For each parameter {@code θ} with gradient {@code g}, at its {@code t}-th update:
 * <pre>
 *   θ ← θ·(1 − lr·λ)                                (decay first, independent of the gradient)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   v̂max ← max(v̂max, v)  and use v̂max for v below   (only with amsgrad)
 *   θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The decay is scaled by the (scheduled) learning rate as in PyTorch. State names as {@link Adam}.
 *
 * <p>Built without parameters; add them with {@link #addParamGroup}.
 */
@Configurable
public final class AdamW extends AdamFamily {

    /**
     * @param lr               learning rate (used when {@code lrSchedule} is null)
     * @param beta1            decay of the first-moment average, in [0, 1)
     * @param beta2            decay of the second-moment average, in [0, 1)
     * @param eps              added to √v̂ in the denominator, ≥ 0
     * @param weightDecay      decoupled decay coefficient λ (default of every group; PyTorch's default 1e-2)
     * @param amsgrad          use the running maximum of v (AMSGrad)
     * @param lrSchedule       learning-rate schedule replacing the constant {@code lr}, or null
     * @param gradientClipping clipping applied to all gradients before each step, or null
     */
    public AdamW(@Default("1e-3") double lr,
                 @Default("0.9") double beta1,
                 @Default("0.999") double beta2,
                 @Default("1e-8") double eps,
                 @Default("1e-2") double weightDecay,
                 @Default("false") boolean amsgrad,
                 @Default("null") LearningRateSchedule lrSchedule,
                 @Default("null") GradientClipper gradientClipping) {
        super("AdamW", lr, beta1, beta2, eps, weightDecay, amsgrad, lrSchedule, gradientClipping);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay) {
        Tensor decay = null;
        if (weightDecay != 0) {
            DoubleSupplier rate = liveLr();
            decay = Tensor.hostScalar(() -> 1 - rate.getAsDouble() * weightDecay);
        }
        biasCorrectedStep(param, grad, state, 0, decay);
    }
}
