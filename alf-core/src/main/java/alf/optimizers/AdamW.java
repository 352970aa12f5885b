package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public final class AdamW extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;

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
        super(lr, lrSchedule, weightDecay, gradientClipping);
        HyperParameters.requireBeta("AdamW", "beta1", beta1);
        HyperParameters.requireBeta("AdamW", "beta2", beta2);
        HyperParameters.requireNonNegative("AdamW", "eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
    }

    @Override
    protected List<String> stateNames() {
        return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        h.put("amsgrad", amsgrad);
        return h;
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay) {
        if (weightDecay != 0) {
            param.muli(1 - lr * weightDecay);
        }
        Tensor m = state.tensor("exp_avg");
        Tensor v = state.tensor("exp_avg_sq");
        Tensor tmp = scratch(1, param);
        UpdateKernels.update(m, v, grad, beta1, beta2, tmp);
        long t = state.step();
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / biasCorrection1;
        Tensor second = amsgrad ? UpdateKernels.amsgradMax(state.tensor("max_exp_avg_sq"), v) : v;
        Tensor denom = second.sqrt().divi(Math.sqrt(biasCorrection2)).addi(eps);
        param.addi(tmp.copy_(m).muli(-stepSize).divi(denom));
    }
}
