package alf.rl;

import alf.data.BoundedTensorSpec;
import alf.data.TensorSpec;
import alf.data.TimeStep;
import alf.tensor.Tensor;

/**
 * A batch of {@link #batchSize()} independent copies of a task, stepped together, as ALF's
 * {@code AlfEnvironment}. Every call returns a batched {@link TimeStep}.
 *
 * <p>Call order: {@link #seed(long)} → {@link #reset()} → {@link #step(Tensor)} … → {@link #close()}.
 * {@code seed} may be called again, and takes effect at the next reset. {@code reset} starts a new episode
 * in every copy and returns FIRST steps. {@code step} advances every copy one step. Auto-reset: in a row
 * whose previous step was LAST, {@code step} ignores that row's action and starts a new episode there,
 * returning a FIRST step. After {@code close} no other call is allowed.
 *
 * <p>Validity: an environment may write its time steps into tensors it keeps and reuses (the batched simulator
 * environments do, so that stepping allocates nothing). A {@link TimeStep} returned by {@code reset} or {@code step}
 * holds its values until the <em>second</em> following {@code reset} or {@code step} call on the same environment:
 * the previous step and the new one are both valid right after a call, which is what a transition (s, a, s') needs.
 * A caller that keeps a time step longer, or hands it to code that may, keeps a {@link TimeStep#copy()}; replay buffers
 * copy what they store. Wrappers that change a field return that field in tensors of their own and pass the others
 * through, so the rule holds for them too.
 *
 * <p>Errors: an action of the wrong shape or dtype, with a NaN, or outside a discrete range is rejected
 * with an {@link IllegalArgumentException} naming the environment, the row and the value, and leaves the
 * environment unchanged; finite out-of-bounds continuous actions are clipped the way the task's reference
 * implementation clips them.
 */
public interface Environment extends AutoCloseable {

    /** The task's name, used in error messages, for example {@code "Pendulum-v1"}. */
    String name();

    /** Number of copies B stepped together. */
    int batchSize();

    /** Spec of one observation (without the batch dimension). */
    BoundedTensorSpec observationSpec();

    /** Spec of one action (without the batch dimension); integer dtype for discrete actions. */
    BoundedTensorSpec actionSpec();

    /** Spec of one reward (a scalar). */
    TensorSpec rewardSpec();

    /**
     * Sets the randomness of all copies from one base seed (copy {@code i} gets a generator derived from it
     * by index); the same seed gives the same episodes.
     */
    void seed(long seed);

    /** Starts a new episode in every copy; returns FIRST steps. Requires {@link #seed(long)} first. */
    TimeStep reset();

    /**
     * Applies {@code action}, shape {@code [B, ...actionSpec().shape()]}, and returns the next time steps.
     * Requires {@link #reset()} first.
     */
    TimeStep step(Tensor action);

    /** Releases threads and other resources; idempotent. */
    @Override
    void close();
}
