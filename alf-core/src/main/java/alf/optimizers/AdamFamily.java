package alf.optimizers;

import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * What {@link Adam}, {@link AdamW} and {@link AdamTF} share: β₁, β₂, ε, AMSGrad, the state slots {@code exp_avg},
 * {@code exp_avg_sq}, {@code max_exp_avg_sq} (AMSGrad only), and the moment updates
 * m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², v̂max ← max(v̂max, v). They differ in the weight decay and in where
 * ε enters the step (see each class).
 */
public abstract class AdamFamily extends Optimizer {
    protected final double beta1;
    protected final double beta2;
    protected final double eps;
    protected final boolean amsgrad;

    protected AdamFamily(String name, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, LearningRateSchedule lrSchedule, GradientClipper gradientClipping) {
        super(lr, lrSchedule, weightDecay, gradientClipping);
        HyperParameters.requireBeta(name, "beta1", beta1);
        HyperParameters.requireBeta(name, "beta2", beta2);
        HyperParameters.requireNonNegative(name, "eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
    }

    @Override
    protected final List<String> stateNames() {
        return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    protected final OptimizerSettings hyperParameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        return new OptimizerSettings(h, Map.of("amsgrad", amsgrad));
    }

    /**
     * Updates the moments of {@code state} with gradient {@code g} (scratch slot 1 as workspace) and returns the
     * second moment the step divides by: v, or its running maximum with AMSGrad.
     */
    protected final Tensor updateMoments(Tensor g, ParameterState state, Tensor param) {
        Tensor v = state.tensor("exp_avg_sq");
        UpdateKernels.update(state.tensor("exp_avg"), v, g, beta1, beta2, scratch(1, param));
        return amsgrad ? UpdateKernels.amsgradMax(state.tensor("max_exp_avg_sq"), v) : v;
    }

    /**
     * PyTorch's step θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), in PyTorch's operation order
     * (denominator first, then {@code addcdiv_}).
     */
    protected final void biasCorrectedStep(Tensor param, ParameterState state, Tensor second) {
        DoubleSupplier lr = liveLr();
        // host numbers read live (state.step(), the group's rate), so a captured plan of the step stays exact
        Tensor sqrtBiasCorrection2 = Tensor.hostScalar(() -> Math.sqrt(1 - Math.pow(beta2, state.step())));
        Tensor minusStepSize = Tensor.hostScalar(() -> -(lr.getAsDouble() / (1 - Math.pow(beta1, state.step()))));
        Tensor denom = second.sqrt().divi(sqrtBiasCorrection2).addi(eps);
        param.addi(scratch(1, param).copy_(state.tensor("exp_avg")).muli(minusStepSize).divi(denom));
    }
}
