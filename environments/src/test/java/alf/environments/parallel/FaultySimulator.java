package alf.environments.parallel;

import alf.data.BoundedTensorSpec;
import alf.environments.classic.Pendulum;
import alf.environments.simulator.Simulator;
import alf.tensor.Rng;
import java.util.concurrent.CountDownLatch;

/** A Pendulum that, on its {@code failAtStep}-th step, either throws or blocks until interrupted. */
final class FaultySimulator implements Simulator {

    enum Fault { THROW, HANG }

    private final Pendulum inner = new Pendulum();
    private final int failAtStep;
    private final Fault fault;
    private int steps;

    FaultySimulator(int failAtStep, Fault fault) {
        this.failAtStep = failAtStep;
        this.fault = fault;
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
    }

    @Override
    public void step(double[] action) {
        if (++steps == failAtStep) {
            if (fault == Fault.THROW) {
                throw new IllegalStateException("simulated physics failure");
            }
            try {
                new CountDownLatch(1).await(); // never released
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hanging", e);
            }
        }
        inner.step(action);
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
    public void observe(double[] out, int offset) {
        inner.observe(out, offset);
    }
}
