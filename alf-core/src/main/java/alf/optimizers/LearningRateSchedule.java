package alf.optimizers;

/**
 * The learning rate as a function of the optimizer step.
 *
 * <p><b>Step counting.</b> {@code step} is the number of {@link Optimizer#step()} calls completed before the update
 * that uses the rate: the first update reads {@code lr(0)}, the second {@code lr(1)}, and so on (as a PyTorch
 * {@code lr_scheduler} whose {@code step()} is called after each {@code optimizer.step()}). The count is the
 * optimizer's {@link Optimizer#stepCount()}, which is saved and restored with the optimizer state.
 *
 * <p>Implementations must return a finite, non-negative rate for every {@code step >= 0}; the optimizer rejects
 * anything else with an error naming the schedule and the step.
 */
public interface LearningRateSchedule {

    /** The learning rate for the update that follows {@code step} completed updates. */
    double lr(long step);
}
