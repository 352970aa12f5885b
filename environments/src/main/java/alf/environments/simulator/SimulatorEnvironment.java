package alf.environments.simulator;

import alf.data.TimeStep;
import alf.tensor.Tensor;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A batched {@link alf.rl.Environment} that steps its {@link Simulator} copies one after another on the calling
 * thread (see {@link SimulatorBatch} for the per-row rules). With one copy it is the plain single
 * environment; {@link alf.environments.parallel.ParallelEnvironment} gives the same results on a thread pool.
 */
public final class SimulatorEnvironment extends BatchedSimulatorEnvironment {

    private boolean closed;

    /** A batch of {@code numEnvs} copies built by {@code factory.apply(i)}. */
    public SimulatorEnvironment(IntFunction<? extends Simulator> factory, int numEnvs) {
        this(build("SimulatorEnvironment", factory, numEnvs));
    }

    /** A batch over the given simulators (one row each, in list order). */
    public SimulatorEnvironment(List<? extends Simulator> simulators) {
        super(new SimulatorBatch(simulators == null || simulators.isEmpty() ? "SimulatorEnvironment"
                : simulators.get(0).name(), simulators));
    }

    @Override
    public void seed(long seed) {
        requireOpen();
        batch.seed(seed);
    }

    @Override
    public TimeStep reset() {
        requireOpen();
        batch.beginReset();
        return runAll();
    }

    @Override
    public TimeStep step(Tensor action) {
        requireOpen();
        batch.beginStep(action);
        return runAll();
    }

    private TimeStep runAll() {
        for (int i = 0; i < batch.size(); i++) {
            try {
                batch.runRow(i);
            } catch (RuntimeException | Error e) {
                batch.markFailed();
                throw SubEnvironmentFailure.wrap(batch.name(), i, e);
            }
        }
        return batch.finish();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(batch.name() + ": environment is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
