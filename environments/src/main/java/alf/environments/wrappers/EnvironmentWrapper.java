package alf.environments.wrappers;

import alf.data.BoundedTensorSpec;
import alf.data.TensorSpec;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.io.Stateful;
import alf.tensor.Tensor;

/**
 * Base of the batched-environment wrappers: forwards every call to the wrapped {@link Environment};
 * subclasses override what they change. Wrappers never change episode boundaries (the time limit lives at
 * the simulator level, {@link TimeLimit}), so the wrapped environment's auto-reset rule holds unchanged.
 * A wrapper's checkpoint state is its own (if any) plus the wrapped environment's under {@code inner}.
 */
public abstract class EnvironmentWrapper implements Environment, Stateful {

    /** The wrapped environment. */
    protected final Environment inner;

    /** Wraps {@code inner} (not null). */
    protected EnvironmentWrapper(Environment inner) {
        if (inner == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": wrapped environment is null");
        }
        this.inner = inner;
    }

    /** The wrapped environment. */
    public Environment inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int batchSize() {
        return inner.batchSize();
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
    public TensorSpec rewardSpec() {
        return inner.rewardSpec();
    }

    @Override
    public void seed(long seed) {
        inner.seed(seed);
    }

    @Override
    public TimeStep reset() {
        return inner.reset();
    }

    @Override
    public TimeStep step(Tensor action) {
        return inner.step(action);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** The wrapped environment's state under {@code inner}; wrappers with state of their own add to it. */
    @Override
    public StateDict stateDict() {
        return new StateDict().putDict("inner", innerStateful().stateDict());
    }

    @Override
    public void loadStateDict(StateDict state) {
        innerStateful().loadStateDict(state.dict("inner"));
    }

    private Stateful innerStateful() {
        if (!(inner instanceof Stateful stateful)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": the wrapped environment " + inner.name()
                    + " (" + inner.getClass().getName() + ") cannot be checkpointed");
        }
        return stateful;
    }
}
