package alf.environments.simulator;

import alf.data.BoundedTensorSpec;
import alf.data.TensorSpec;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.io.Stateful;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What every batched environment over a {@link SimulatorBatch} shares: the specs, the rows' simulators and the
 * checkpoint state all come from the batch. Subclasses decide how the rows run (on the calling thread, on a pool).
 */
public abstract class BatchedSimulatorEnvironment implements Environment, Stateful {

    /** The rows and their per-row rules. */
    protected final SimulatorBatch batch;

    protected BatchedSimulatorEnvironment(SimulatorBatch batch) {
        this.batch = batch;
    }

    /** {@code numEnvs} simulators built by {@code factory.apply(i)}, in row order. */
    protected static List<Simulator> build(String owner, IntFunction<? extends Simulator> factory, int numEnvs) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException(owner + ": numEnvs must be >= 1, got " + numEnvs);
        }
        List<Simulator> sims = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            sims.add(factory.apply(i));
        }
        return sims;
    }

    /** The simulator of row {@code i} (for tests and checkpoints; do not touch it during a call). */
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

    /** Every row's generator, physical state and episode position (see {@link SimulatorBatch}). */
    @Override
    public StateDict stateDict() {
        return batch.stateDict();
    }

    @Override
    public void loadStateDict(StateDict state) {
        batch.loadStateDict(state);
    }
}
