package alf.optimizers;

import alf.tensor.Tensor;
import java.util.List;

/**
 * One group of parameters of an {@link Optimizer} with its own learning-rate schedule and weight decay. Created by
 * {@link Optimizer#addParamGroup}; the parameter list is fixed once the group exists.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LearningRateSchedule lr;
    private final double weightDecay;
    private double lastLr = Double.NaN;

    ParamGroup(List<Tensor> params, LearningRateSchedule lr, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** The group's parameters, in the order they were added (an unmodifiable list). */
    public List<Tensor> params() {
        return params;
    }

    /** The group's learning-rate schedule. */
    public LearningRateSchedule lrSchedule() {
        return lr;
    }

    /** The group's weight decay. */
    public double weightDecay() {
        return weightDecay;
    }

    /** The learning rate the group used in the last {@link Optimizer#step()}, NaN before the first. */
    public double lastLr() {
        return lastLr;
    }

    void setLastLr(double lr) {
        this.lastLr = lr;
    }
}
