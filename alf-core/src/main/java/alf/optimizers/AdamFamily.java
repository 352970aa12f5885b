package alf.optimizers;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.Tensor;
import java.util.ArrayList;
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
    /** The group's updates collected by {@link #updateGroup} (reused lists: a step allocates no list). */
    private final List<AdamRule> pendingRules = new ArrayList<>();
    private final List<AdamSlots> pendingSlots = new ArrayList<>();
    private boolean collecting;

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
     * Collects the updates of the group's parameters ({@link #update} calls {@link #adamStep} for each) and applies
     * them as one backend call ({@link alf.tensor.Backend#adamStepGroup}), so a captured plan holds one call per
     * group. Parameters on different backends than the group's first are stepped one call each.
     */
    @Override
    protected final void updateGroup(ParamGroup group) {
        pendingRules.clear();
        pendingSlots.clear();
        collecting = true;
        try {
            super.updateGroup(group);
        } finally {
            collecting = false;
        }
        try {
            if (!pendingSlots.isEmpty()) {
                pendingSlots.get(0).param().backend().adamStepGroup(pendingRules, pendingSlots);
                for (AdamSlots slots : pendingSlots) {
                    bumpVersions(slots);
                }
            }
        } finally {
            pendingRules.clear();
            pendingSlots.clear();
        }
    }

    /**
     * One parameter's Adam-family update ({@link alf.tensor.Backend#adamStep}: a fused kernel where the backend has
     * one), with scratch slots 0 and 1 as the rule's work buffers: collected for the group's one call while
     * {@link #updateGroup} runs, else applied at once.
     *
     * @param form           PyTorch's or TensorFlow's step
     * @param l2Decay        coupled decay λ (0 for none)
     * @param decoupledDecay 0-d factor 1 − lr·λ applied to θ first (AdamW), or null
     * @param stepSize       0-d step size s of {@code form}
     * @param sqrtBiasCorrection2 0-d √(1 − β₂ᵗ) (PyTorch's form), else null
     */
    protected final void adamStep(Tensor param, Tensor grad, ParameterState state, AdamRule.Form form, double l2Decay,
            Tensor decoupledDecay, Tensor stepSize, Tensor sqrtBiasCorrection2) {
        AdamRule rule = new AdamRule(form, beta1, beta2, eps, l2Decay, decoupledDecay, stepSize, sqrtBiasCorrection2);
        AdamSlots slots = new AdamSlots(param, grad, state.tensor("exp_avg"), state.tensor("exp_avg_sq"),
                amsgrad ? state.tensor("max_exp_avg_sq") : null, scratch(0, param), scratch(1, param));
        if (collecting && (pendingSlots.isEmpty()
                || pendingSlots.get(0).param().backend() == param.backend())) {
            pendingRules.add(rule);
            pendingSlots.add(slots);
            return;
        }
        param.backend().adamStep(rule, slots);
        bumpVersions(slots);
    }

    /** Marks the parameter and its moments as written (their storage versions). */
    private static void bumpVersions(AdamSlots slots) {
        slots.param().bumpVersion();
        slots.expAvg().bumpVersion();
        slots.expAvgSq().bumpVersion();
        if (slots.amsgrad()) {
            slots.maxExpAvgSq().bumpVersion();
        }
    }

    /**
     * PyTorch's step θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), in PyTorch's operation order
     * (denominator first, then {@code addcdiv_}), after the optional {@code decoupledDecay} factor and coupled
     * {@code l2Decay}.
     */
    protected final void biasCorrectedStep(Tensor param, Tensor grad, ParameterState state, double l2Decay,
            Tensor decoupledDecay) {
        DoubleSupplier lr = liveLr();
        // host numbers read live (state.step(), the group's rate), so a captured plan of the step stays exact
        Tensor sqrtBiasCorrection2 = Tensor.hostScalar(() -> Math.sqrt(1 - Math.pow(beta2, state.step())));
        Tensor minusStepSize = Tensor.hostScalar(() -> -(lr.getAsDouble() / (1 - Math.pow(beta1, state.step()))));
        adamStep(param, grad, state, AdamRule.Form.PYTORCH, l2Decay, decoupledDecay, minusStepSize,
                sqrtBiasCorrection2);
    }
}
