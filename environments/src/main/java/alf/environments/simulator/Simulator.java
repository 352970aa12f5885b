package alf.environments.simulator;

import alf.data.BoundedTensorSpec;
import alf.tensor.Rng;

/**
 * One unbatched instance of a simulated task (a physics model plus its reward and termination rule),
 * the building block that batched {@link alf.rl.Environment}s step many copies of.
 *
 * <p>Call order: {@link #reset(Rng)} once, then any number of {@link #step(double[])} calls; after each
 * step read {@link #reward()}, {@link #terminated()}, {@link #truncated()} and {@link #observe}. After a
 * step that terminated or truncated the episode the caller must {@link #reset(Rng)} before stepping again.
 * Stepping allocates nothing. Instances are not thread-safe: one thread at a time drives one instance.
 */
public interface Simulator {

    /** The task's identifier, for example {@code "Pendulum-v1"}; used in every error message. */
    String name();

    /** Shape, dtype and bounds of one observation (no batch dimension). */
    BoundedTensorSpec observationSpec();

    /**
     * Shape, dtype and bounds of one action (no batch dimension). A discrete action space is an integer
     * scalar spec whose bounds are the smallest and largest valid action.
     */
    BoundedTensorSpec actionSpec();

    /**
     * Throws {@link IllegalArgumentException} naming this task and the offending value if {@code action}
     * cannot be applied: wrong length, NaN or infinite components, or (discrete spaces) a value that is not
     * one of the valid integers. Finite out-of-bounds continuous actions are valid: {@link #step} clips them
     * exactly as the reference implementation does.
     */
    void checkAction(double[] action);

    /** Starts a new episode, drawing the initial state from {@code rng} (the only source of randomness). */
    void reset(Rng rng);

    /** Advances one time step with {@code action} (validated by {@link #checkAction} first). */
    void step(double[] action);

    /** Reward of the last step (0 right after a reset). */
    double reward();

    /** Whether the last step reached a terminal state of the task itself (the value function is 0 beyond it). */
    boolean terminated();

    /** Whether the last step ended the episode for an external reason such as a time limit. */
    default boolean truncated() {
        return false;
    }

    /**
     * Writes the current observation, evaluated in double precision, into {@code out[offset ..
     * offset + observationSpec().numel())}. Batched environments round it to the spec's dtype.
     */
    void observe(double[] out, int offset);
}
