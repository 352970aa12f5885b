package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;

/**
 * Adam with PyTorch's update rule (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 * Algorithm 1; {@code torch.optim.Adam} of PyTorch 1.13, single-tensor implementation), with optional coupled L2
 * weight decay and AMSGrad (Reddi et al., "On the Convergence of Adam and Beyond", ICLR 2018).
 *
 * <p>For each parameter {@code θ} with gradient {@code g}, at its {@code t}-th update ({@code t = 1, 2, …}):
 * <pre>
 *   g   ← g + λ·θ                                   (only when weightDecay λ ≠ 0: L2, coupled)
 *   m   ← β₁·m + (1 − β₁)·g
 *   v   ← β₂·v + (1 − β₂)·g²
 *   v̂max ← max(v̂max, v)  and use v̂max for v below   (only with amsgrad)
 *   θ   ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * i.e. {@code θ ← θ − lr·m̂/(√v̂ + ε)} with the bias-corrected {@code m̂ = m/(1−β₁ᵗ)}, {@code v̂ = v/(1−β₂ᵗ)}: ε is
 * added to √v̂ (compare {@link AdamTF}, which adds its ε̂ to √v). {@code m}, {@code v}, {@code v̂max} start at 0.
 * State names: {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (amsgrad only).
 *
 * <p>Built without parameters; add them with {@link #addParamGroup}.
 */
@Configurable
public final class Adam extends AdamFamily {

    /**
     * @param lr               learning rate (used when {@code lrSchedule} is null)
     * @param beta1            decay of the first-moment average, in [0, 1)
     * @param beta2            decay of the second-moment average, in [0, 1)
     * @param eps              added to √v̂ in the denominator, ≥ 0
     * @param weightDecay      coupled L2 coefficient λ (default of every group)
     * @param amsgrad          use the running maximum of v (AMSGrad)
     * @param lrSchedule       learning-rate schedule replacing the constant {@code lr}, or null
     * @param gradientClipping clipping applied to all gradients before each step, or null
     */
    public Adam(@Default("1e-3") double lr,
                @Default("0.9") double beta1,
                @Default("0.999") double beta2,
                @Default("1e-8") double eps,
                @Default("0") double weightDecay,
                @Default("false") boolean amsgrad,
                @Default("null") LearningRateSchedule lrSchedule,
                @Default("null") GradientClipper gradientClipping) {
        super("Adam", lr, beta1, beta2, eps, weightDecay, amsgrad, lrSchedule, gradientClipping);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay) {
        biasCorrectedStep(param, grad, state, weightDecay, null);
    }
}
