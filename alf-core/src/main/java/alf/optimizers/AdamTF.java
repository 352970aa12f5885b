package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with TensorFlow's update rule: the "efficient version" at the end of section 2 of Kingma &amp; Ba (ICLR 2015),
 * as implemented by {@code tf.compat.v1.train.AdamOptimizer} and {@code tf.keras.optimizers.Adam}, whose
 * {@code epsilon} is the paper's ε̂ ("epsilon hat"); ALF's {@code AdamTF}.
 *
 * <p>For each parameter {@code θ} with gradient {@code g}, at its {@code t}-th update:
 * <pre>
 *   g    ← g + λ·θ                                  (only when weightDecay λ ≠ 0: L2, coupled, as ALF's AdamTF)
 *   lr_t ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
 *   m    ← β₁·m + (1 − β₁)·g
 *   v    ← β₂·v + (1 − β₂)·g²
 *   v̂max ← max(v̂max, v)  and use v̂max for v below   (only with amsgrad)
 *   θ    ← θ − lr_t · m / (√v + ε̂)
 * </pre>
 * This equals {@link Adam} with {@code ε = ε̂ / √(1 − β₂ᵗ)}: a much larger effective ε in early steps, which matters
 * when gradients are as small as ε. State names as {@link Adam}.
 *
 * <p>Built without parameters; add them with {@link #addParamGroup}.
 */
@Configurable
public final class AdamTF extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;

    /**
     * @param lr               learning rate (used when {@code lrSchedule} is null)
     * @param beta1            decay of the first-moment average, in [0, 1)
     * @param beta2            decay of the second-moment average, in [0, 1)
     * @param eps              ε̂, added to √v (not to √v̂); TensorFlow's default 1e-7
     * @param weightDecay      coupled L2 coefficient λ (default of every group)
     * @param amsgrad          use the running maximum of v (AMSGrad)
     * @param lrSchedule       learning-rate schedule replacing the constant {@code lr}, or null
     * @param gradientClipping clipping applied to all gradients before each step, or null
     */
    public AdamTF(@Default("1e-3") double lr,
                  @Default("0.9") double beta1,
                  @Default("0.999") double beta2,
                  @Default("1e-7") double eps,
                  @Default("0") double weightDecay,
                  @Default("false") boolean amsgrad,
                  @Default("null") LearningRateSchedule lrSchedule,
                  @Default("null") GradientClipper gradientClipping) {
        super(lr, lrSchedule, weightDecay, gradientClipping);
        HyperParameters.requireBeta("AdamTF", "beta1", beta1);
        HyperParameters.requireBeta("AdamTF", "beta2", beta2);
        HyperParameters.requireNonNegative("AdamTF", "eps", eps);
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
        Tensor g = weightDecay != 0 ? UpdateKernels.coupledDecay(grad, param, weightDecay, scratch(0, param)) : grad;
        Tensor m = state.tensor("exp_avg");
        Tensor v = state.tensor("exp_avg_sq");
        Tensor tmp = scratch(1, param);
        UpdateKernels.update(m, v, g, beta1, beta2, tmp);
        long t = state.step();
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        Tensor second = amsgrad ? UpdateKernels.amsgradMax(state.tensor("max_exp_avg_sq"), v) : v;
        Tensor denom = second.sqrt().addi(eps);
        param.subi(tmp.copy_(m).muli(lrT).divi(denom));
    }
}
