package alf.environments.wrappers;

import alf.data.BoundedTensorSpec;
import alf.data.TensorSpec;
import alf.data.TimeStep;
import alf.environments.Environment;
import alf.tensor.Tensor;

/**
 * Base of the batched-environment wrappers: forwards every call to the wrapped {@link Environment};
 * subclasses override what they change. Wrappers never change episode boundaries (the time limit lives at
 * the simulator level, {@link TimeLimit}), so the wrapped environment's auto-reset rule holds unchanged.
 */
public abstract class EnvironmentWrapper implements Environment {

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
}
