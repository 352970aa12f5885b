package alf.environments.simulator;

import alf.data.BoundedTensorSpec;
import alf.data.StepType;
import alf.data.TensorSpec;
import alf.data.TimeStep;
import alf.environments.wrappers.TimeLimit;
import alf.io.StateDict;
import alf.io.Stateful;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared machinery of batched environments over {@link Simulator}s: per-copy random generators, action
 * validation, the auto-reset rule, and preallocated per-row output buffers that are assembled into a
 * {@link TimeStep}. Drivers (serial or on a thread pool) call, in order: {@link #beginReset()} or
 * {@link #beginStep(Tensor)}, then {@link #runRow(int)} once for every row (rows may run concurrently, each
 * on one thread), then {@link #finish()}. A row only touches its own simulator, generator and buffer slots,
 * so the result does not depend on how rows are spread over threads.
 *
 * <p>Row semantics: after {@code beginReset}, every row resets and yields FIRST (reward 0, discount 1,
 * zero previous action). After {@code beginStep}, a row whose previous step was LAST resets (its action is
 * ignored) and yields FIRST; any other row steps its simulator and yields LAST with discount 0 if the task
 * terminated, LAST with discount 1 if it was truncated, else MID with discount 1.
 *
 * <p>Checkpoints ({@link Stateful}): every row's generator, physical state ({@link StatefulSimulator}), elapsed
 * steps of a {@link TimeLimit}, and whether its last step ended the episode — enough to continue bit-identically.
 */
public final class SimulatorBatch implements Stateful {

    private static final TensorSpec REWARD_SPEC = TensorSpec.scalar(DType.FLOAT32, "reward");

    private final String name;
    private final Simulator[] simulators;
    private final BoundedTensorSpec observationSpec;
    private final BoundedTensorSpec actionSpec;
    private final int obsSize;
    private final int actSize;
    private final int[] obsShape;
    private final int[] actShape;

    private final Rng[] rngs;
    private final double[][] actionRows;
    /** The latest action's elements, row-major, read in place ({@link Tensor#toDoubleArray(double[])}). */
    private final double[] actionValues;
    private final boolean[] resetRow;
    private final boolean[] lastWasLast;
    private final int[] stepType;
    private final float[] reward;
    private final float[] discount;
    private final double[] observation;
    private final double[] prevAction;
    private final int[] envIds;
    /** The two time steps {@link #finish} writes in turn (made at the first one). */
    private final TimeStep[] outputs = new TimeStep[2];
    private int nextOutput;

    private boolean seeded;
    private boolean started;
    private boolean broken;

    /** A batch over {@code simulators}, which must all have the same specs; {@code name} is used in errors. */
    public SimulatorBatch(String name, List<? extends Simulator> simulators) {
        if (simulators == null || simulators.isEmpty()) {
            throw new IllegalArgumentException(name + ": a batched environment needs at least one simulator");
        }
        this.name = name;
        this.simulators = simulators.toArray(new Simulator[0]);
        this.observationSpec = this.simulators[0].observationSpec();
        this.actionSpec = this.simulators[0].actionSpec();
        for (int i = 1; i < this.simulators.length; i++) {
            if (!this.simulators[i].observationSpec().equals(observationSpec)
                    || !this.simulators[i].actionSpec().equals(actionSpec)) {
                throw new IllegalArgumentException(name + ": simulator " + i + " (" + this.simulators[i].name()
                        + ") has different specs from simulator 0 (" + this.simulators[0].name() + ")");
            }
        }
        if (!actionSpec.isFloatingPoint() && !actionSpec.isDiscrete()) {
            throw new IllegalArgumentException(name + ": unsupported action spec " + actionSpec);
        }
        int b = this.simulators.length;
        obsSize = observationSpec.numel();
        actSize = actionSpec.numel();
        obsShape = observationSpec.batchedShape(b);
        actShape = actionSpec.batchedShape(b);
        rngs = new Rng[b];
        actionRows = new double[b][actSize];
        actionValues = new double[b * actSize];
        resetRow = new boolean[b];
        lastWasLast = new boolean[b];
        stepType = new int[b];
        reward = new float[b];
        discount = new float[b];
        observation = new double[b * obsSize];
        prevAction = new double[b * actSize];
        envIds = new int[b];
        for (int i = 0; i < b; i++) {
            envIds[i] = i;
        }
    }

    /** The name used in error messages. */
    public String name() {
        return name;
    }

    /** Number of rows B. */
    public int size() {
        return simulators.length;
    }

    /** Spec of one observation. */
    public BoundedTensorSpec observationSpec() {
        return observationSpec;
    }

    /** Spec of one action. */
    public BoundedTensorSpec actionSpec() {
        return actionSpec;
    }

    /** Spec of one reward: a float32 scalar. */
    public TensorSpec rewardSpec() {
        return REWARD_SPEC;
    }

    /** The simulator of row {@code i} (for tests and checkpoints). */
    public Simulator simulator(int i) {
        return simulators[i];
    }

    /** Gives row i the generator {@code new Rng(seed)}'s i-th {@link Rng#split()}; used by the next resets. */
    public void seed(long seed) {
        Rng base = new Rng(seed);
        for (int i = 0; i < rngs.length; i++) {
            rngs[i] = base.split();
        }
        seeded = true;
    }

    /** Prepares a reset of every row. */
    public void beginReset() {
        if (!seeded) {
            throw new IllegalStateException(name + ": call seed(long) before reset()");
        }
        Arrays.fill(resetRow, true);
        broken = true; // until finish() completes
    }

    /**
     * Validates {@code action} (shape {@code [B, ...actionSpec.shape]}, dtype kind, and every value of every
     * row that will step) and prepares a step. On an invalid action nothing changes.
     */
    public void beginStep(Tensor action) {
        if (!started) {
            throw new IllegalStateException(name + ": call reset() before step()");
        }
        if (broken) {
            throw new IllegalStateException(name + ": a previous reset or step failed; call reset() to start over");
        }
        if (action == null) {
            throw new IllegalArgumentException(name + ": action is null");
        }
        if (!action.hasShape(actShape)) {
            throw new IllegalArgumentException(name + ": action has shape " + Arrays.toString(action.shape())
                    + ", expected " + Arrays.toString(actShape) + " (batch size " + simulators.length
                    + ", action spec " + Arrays.toString(actionSpec.shape()) + ")");
        }
        if (actionSpec.isDiscrete() && !action.dtype().isIntegral()) {
            throw new IllegalArgumentException(name + ": discrete actions must have an integer dtype, got "
                    + action.dtype());
        }
        if (actionSpec.isFloatingPoint() && !action.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": continuous actions must have a floating dtype, got "
                    + action.dtype());
        }
        double[] values = action.toDoubleArray(actionValues);
        for (int i = 0; i < simulators.length; i++) {
            resetRow[i] = lastWasLast[i];
            if (resetRow[i]) {
                continue; // the action of a row that starts a new episode is ignored
            }
            System.arraycopy(values, i * actSize, actionRows[i], 0, actSize);
            try {
                simulators[i].checkAction(actionRows[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ", sub-environment " + i + ": " + e.getMessage(), e);
            }
        }
        broken = true; // until finish() completes
    }

    /** Resets or steps row {@code i} as prepared, writing its outputs into the row's buffer slots. */
    public void runRow(int i) {
        Simulator sim = simulators[i];
        if (resetRow[i]) {
            sim.reset(rngs[i]);
            stepType[i] = StepType.FIRST.code();
            reward[i] = 0.0f;
            discount[i] = 1.0f;
            Arrays.fill(prevAction, i * actSize, (i + 1) * actSize, 0.0);
        } else {
            double[] a = actionRows[i];
            sim.step(a);
            boolean terminated = sim.terminated();
            boolean truncated = sim.truncated();
            stepType[i] = (terminated || truncated ? StepType.LAST : StepType.MID).code();
            reward[i] = (float) sim.reward();
            discount[i] = terminated ? 0.0f : 1.0f;
            System.arraycopy(a, 0, prevAction, i * actSize, actSize);
        }
        sim.observe(observation, i * obsSize);
    }

    /** Marks the batch as failed: the next step requires a reset. */
    public void markFailed() {
        broken = true;
    }

    /**
     * Assembles the rows into a {@link TimeStep} after every row ran, and records which rows ended. The time step is
     * written into one of two sets of tensors the batch keeps, used in turn, so a step allocates nothing and the time
     * step of the call before stays valid: a returned time step holds its values until the second {@code finish} after
     * it (the {@link alf.rl.Environment} validity rule).
     */
    public TimeStep finish() {
        for (int i = 0; i < simulators.length; i++) {
            lastWasLast[i] = stepType[i] == StepType.LAST.code();
        }
        started = true;
        broken = false;
        int b = simulators.length;
        if (outputs[0] == null) {
            Tensor ids = Tensor.of(envIds, b);
            for (int k = 0; k < outputs.length; k++) {
                outputs[k] = new TimeStep(Tensor.zeros(DType.INT32, b), Tensor.zeros(DType.FLOAT32, b),
                        Tensor.zeros(DType.FLOAT32, b), Tensor.zeros(observationSpec.dtype(), obsShape),
                        Tensor.zeros(actionSpec.dtype(), actShape), ids);
            }
        }
        TimeStep out = outputs[nextOutput];
        nextOutput = 1 - nextOutput;
        for (int i = 0; i < b; i++) {
            out.stepType().storage().setLong(i, stepType[i]);
            out.reward().storage().setDouble(i, reward[i]);
            out.discount().storage().setDouble(i, discount[i]);
        }
        out.stepType().bumpVersion();
        out.reward().bumpVersion();
        out.discount().bumpVersion();
        out.observation().setFrom(observation);
        out.prevAction().setFrom(prevAction);
        return out;
    }

    // ------------------------------------------------------------------ checkpoint state

    /** The physical simulator below any {@link TimeLimit}, which must expose its state. */
    private StatefulSimulator physics(int i) {
        Simulator sim = simulators[i] instanceof TimeLimit limit ? limit.inner() : simulators[i];
        if (!(sim instanceof StatefulSimulator stateful)) {
            throw new IllegalStateException(name + ": sub-environment " + i + " (" + sim.getClass().getName()
                    + ") cannot be checkpointed: it is not a StatefulSimulator");
        }
        return stateful;
    }

    @Override
    public StateDict stateDict() {
        int b = simulators.length;
        long[] rngState = new long[4 * b];
        long[] last = new long[b];
        long[] elapsed = new long[b];
        List<StateDict> physics = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            if (seeded) {
                System.arraycopy(rngs[i].state(), 0, rngState, 4 * i, 4);
            }
            last[i] = lastWasLast[i] ? 1 : 0;
            elapsed[i] = simulators[i] instanceof TimeLimit limit ? limit.elapsedSteps() : 0;
            physics.add(new StateDict().putDoubles("state", physics(i).state()));
        }
        return new StateDict()
                .putBoolean("seeded", seeded)
                .putBoolean("started", started)
                .putLongs("rngs", rngState)
                .putLongs("lastWasLast", last)
                .putLongs("elapsedSteps", elapsed)
                .putDicts("physics", physics);
    }

    @Override
    public void loadStateDict(StateDict state) {
        int b = simulators.length;
        long[] rngState = state.longs("rngs");
        long[] last = state.longs("lastWasLast");
        long[] elapsed = state.longs("elapsedSteps");
        List<StateDict> physics = state.dicts("physics");
        if (rngState.length != 4 * b || last.length != b || elapsed.length != b || physics.size() != b) {
            throw state.error("", "holds state for " + last.length + " sub-environments, but " + name + " has " + b);
        }
        boolean isSeeded = state.getBoolean("seeded");
        boolean isStarted = state.getBoolean("started");
        for (int i = 0; i < b; i++) {
            rngs[i] = isSeeded ? Rng.fromState(Arrays.copyOfRange(rngState, 4 * i, 4 * i + 4)) : null;
            physics(i).setState(physics.get(i).doubles("state"));
            if (simulators[i] instanceof TimeLimit limit) {
                limit.setElapsedSteps(Math.toIntExact(elapsed[i]));
            }
            lastWasLast[i] = last[i] != 0;
        }
        seeded = isSeeded;
        started = isStarted;
        broken = false;
    }
}
