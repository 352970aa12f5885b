package alf.environments.wrappers;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.Simulator;
import alf.tensor.Rng;

/**
 * Ends an episode by truncation after a fixed number of steps, as Gymnasium's {@code TimeLimit}: after
 * the k-th step since the last reset, {@link #truncated()} is true iff k ≥ {@code maxEpisodeSteps}.
 * Termination by the task itself is passed through unchanged (a batched environment gives it discount 0,
 * a truncation discount 1).
 */
public final class TimeLimit implements Simulator {

    private final Simulator inner;
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    /** Limits {@code inner} to {@code maxEpisodeSteps} (≥ 1) steps per episode. */
    public TimeLimit(Simulator inner, int maxEpisodeSteps) {
        if (inner == null) {
            throw new IllegalArgumentException("TimeLimit: inner simulator is null");
        }
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("TimeLimit(" + inner.name() + "): maxEpisodeSteps must be >= 1, got "
                    + maxEpisodeSteps);
        }
        this.inner = inner;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The wrapped simulator. */
    public Simulator inner() {
        return inner;
    }

    /** The step limit. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    /** Sets the number of steps already taken in this episode (for checkpoints and one-step tests). */
    public void setElapsedSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("TimeLimit(" + inner.name() + "): elapsed steps must be >= 0, got "
                    + steps);
        }
        elapsedSteps = steps;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return inner.observationSpec();
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return inner.actionSpec();
    }

    @Override
    public void checkAction(double[] action) {
        inner.checkAction(action);
    }

    @Override
    public void reset(Rng rng) {
        inner.reset(rng);
        elapsedSteps = 0;
    }

    @Override
    public void step(double[] action) {
        inner.step(action);
        elapsedSteps++;
    }

    @Override
    public double reward() {
        return inner.reward();
    }

    @Override
    public boolean terminated() {
        return inner.terminated();
    }

    @Override
    public boolean truncated() {
        return inner.truncated() || elapsedSteps >= maxEpisodeSteps;
    }

    @Override
    public void observe(double[] out, int offset) {
        inner.observe(out, offset);
    }
}
