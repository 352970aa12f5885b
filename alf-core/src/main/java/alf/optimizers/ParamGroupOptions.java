package alf.optimizers;

/**
 * Per-group overrides of an optimizer's defaults, given to {@link Optimizer#addParamGroup(java.util.List,
 * ParamGroupOptions)}. A null component means "use the optimizer's default".
 *
 * <pre>{@code
 * adam.addParamGroup(biases, ParamGroupOptions.none().withWeightDecay(0.0));
 * adam.addParamGroup(head, ParamGroupOptions.none().withLr(1e-4));
 * }</pre>
 *
 * @param lr          the group's learning-rate schedule, or null for the optimizer's
 * @param weightDecay the group's weight decay (≥ 0), or null for the optimizer's
 */
public record ParamGroupOptions(LearningRateSchedule lr, Double weightDecay) {

    public ParamGroupOptions {
        if (weightDecay != null) {
            HyperParameters.requireNonNegative("ParamGroupOptions", "weightDecay", weightDecay);
        }
    }

    /** No overrides: the group uses every default of the optimizer. */
    public static ParamGroupOptions none() {
        return new ParamGroupOptions(null, null);
    }

    /** These options with a constant learning rate {@code lr}. */
    public ParamGroupOptions withLr(double lr) {
        return new ParamGroupOptions(new ConstantSchedule(lr), weightDecay);
    }

    /** These options with the learning-rate schedule {@code lr}. */
    public ParamGroupOptions withLr(LearningRateSchedule lr) {
        if (lr == null) {
            throw new IllegalArgumentException("ParamGroupOptions.withLr: schedule is null");
        }
        return new ParamGroupOptions(lr, weightDecay);
    }

    /** These options with weight decay {@code weightDecay}. */
    public ParamGroupOptions withWeightDecay(double weightDecay) {
        return new ParamGroupOptions(lr, weightDecay);
    }
}
