package alf.environments.simulator;

/**
 * A {@link Simulator} whose physical state can be read and replaced, for checkpoints and for
 * one-step (teacher-forced) conformance tests against a reference implementation.
 */
public interface StatefulSimulator extends Simulator {

    /** A copy of the state vector, in the reference implementation's order. */
    double[] state();

    /**
     * Replaces the state vector (same length and order as {@link #state()}, all finite) and clears the
     * termination flag, so that the next {@link #step} continues from it.
     */
    void setState(double[] state);
}
