package alf.environments.simulator;

import alf.data.BoundedTensorSpec;
import alf.data.TensorSpec;
import alf.data.TimeStep;
import alf.environments.Environment;
import alf.io.Stateful;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A batched {@link Environment} that steps its {@link Simulator} copies one after another on the calling
 * thread (see {@link SimulatorBatch} for the per-row rules). With one copy it is the plain single
 * environment; {@link alf.environments.parallel.ParallelEnvironment} gives the same results on a thread pool.
 */
public final class SimulatorEnvironment implements Environment, Stateful {

    private final SimulatorBatch batch;
    private boolean closed;

    /** A batch of {@code numEnvs} copies built by {@code factory.apply(i)}. */
    public SimulatorEnvironment(IntFunction<? extends Simulator> factory, int numEnvs) {
        this(build(factory, numEnvs));
    }

    /** A batch over the given simulators (one row each, in list order). */
    public SimulatorEnvironment(List<? extends Simulator> simulators) {
        String name = simulators == null || simulators.isEmpty() ? "SimulatorEnvironment" : simulators.get(0).name();
        this.batch = new SimulatorBatch(name, simulators);
    }

    static List<Simulator> build(IntFunction<? extends Simulator> factory, int numEnvs) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("a batched environment needs numEnvs >= 1, got " + numEnvs);
        }
        List<Simulator> sims = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            sims.add(factory.apply(i));
        }
        return sims;
    }

    /** The simulator of row {@code i}. */
    public Simulator simulator(int i) {
        return batch.simulator(i);
    }

    @Override
    public String name() {
        return batch.name();
    }

    @Override
    public int batchSize() {
        return batch.size();
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return batch.observationSpec();
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return batch.actionSpec();
    }

    @Override
    public TensorSpec rewardSpec() {
        return batch.rewardSpec();
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

    /** Every row's generator, physical state and episode position (see {@link SimulatorBatch}). */
    @Override
    public Map<String, Object> stateDict() {
        return batch.stateDict();
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        batch.loadStateDict(state);
    }
}
