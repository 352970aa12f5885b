package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.AdamRule;
import alf.tensor.Tensor;
import java.util.function.DoubleSupplier;

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
public final class AdamTF extends AdamFamily {

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
        super("AdamTF", lr, beta1, beta2, eps, weightDecay, amsgrad, lrSchedule, gradientClipping);
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay) {
        DoubleSupplier rate = liveLr();
        // read live (state.step(), the group's rate), so a captured plan of the step stays exact
        Tensor lrT = Tensor.hostScalar(() -> rate.getAsDouble() * Math.sqrt(1 - Math.pow(beta2, state.step()))
                / (1 - Math.pow(beta1, state.step())));
        adamStep(param, grad, state, AdamRule.Form.TENSORFLOW, weightDecay, null, lrT, null);
    }
}
