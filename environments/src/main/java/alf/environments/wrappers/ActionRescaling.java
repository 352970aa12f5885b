package alf.environments.wrappers;

import alf.config.Configurable;
import alf.data.BoundedTensorSpec;
import alf.data.StepType;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Presents a continuous action space with finite bounds [low, high] as [-1, 1] (for squashed policies
 * such as SAC's tanh), as Gymnasium's {@code RescaleAction}: a = low + (high − low)·(v + 1)/2 per element.
 * Actions outside [-1, 1] or NaN are rejected (rows about to auto-reset are not checked, their action is
 * ignored). The returned {@code prevAction} is the agent's action in [-1, 1] (zeros on FIRST rows). The actions
 * handed to the wrapped environment and the returned {@code prevAction}s are written into kept tensors in turn, so a
 * step allocates nothing in the steady state and what a call returned stays valid until the second following call.
 */
@Configurable
public final class ActionRescaling extends EnvironmentWrapper {

    private final BoundedTensorSpec innerSpec;
    private final BoundedTensorSpec outerSpec;
    private final int actSize;
    private final int[] batchedShape;
    private boolean[] lastWasLast;
    /** The agent's action and the action in the inner bounds, kept between steps. */
    private final double[] agentAction;
    private final double[] innerAction;
    /** The actions handed to the inner environment and the returned prevActions, each written in turn. */
    private final TurnBuffers innerActions;
    private final TurnBuffers prevActions;

    /** Wraps {@code inner}, whose action spec must be floating-point with finite bounds. */
    public ActionRescaling(Environment inner) {
        super(inner);
        innerSpec = inner.actionSpec();
        if (!innerSpec.isFloatingPoint() || !innerSpec.isFinite()) {
            throw new IllegalArgumentException("ActionRescaling(" + inner.name()
                    + "): needs a continuous action spec with finite bounds, got " + innerSpec);
        }
        outerSpec = BoundedTensorSpec.uniform(innerSpec.shape(), innerSpec.dtype(), innerSpec.name(), -1.0, 1.0);
        actSize = innerSpec.numel();
        batchedShape = innerSpec.batchedShape(inner.batchSize());
        lastWasLast = new boolean[inner.batchSize()];
        agentAction = new double[inner.batchSize() * actSize];
        innerAction = new double[inner.batchSize() * actSize];
        innerActions = new TurnBuffers(innerSpec.dtype(), batchedShape);
        prevActions = new TurnBuffers(outerSpec.dtype(), batchedShape);
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return outerSpec;
    }

    @Override
    public TimeStep reset() {
        TimeStep ts = inner.reset();
        remember(ts);
        return ts;
    }

    @Override
    public TimeStep step(Tensor action) {
        if (action == null || !hasBatchedShape(action)) {
            throw new IllegalArgumentException(who() + ": action has shape "
                    + (action == null ? "null" : Arrays.toString(action.shape())) + ", expected "
                    + Arrays.toString(batchedShape));
        }
        if (!action.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(who() + ": actions must have a floating dtype, got " + action.dtype());
        }
        double[] v = action.toDoubleArray(agentAction);
        double[] mapped = innerAction;
        for (int i = 0; i < lastWasLast.length; i++) {
            for (int j = 0; j < actSize; j++) {
                int k = i * actSize + j;
                if (lastWasLast[i]) {
                    mapped[k] = innerSpec.minimum(j); // ignored by the auto-reset; any valid value
                    continue;
                }
                if (!(v[k] >= -1.0 && v[k] <= 1.0)) {
                    throw new IllegalArgumentException(who() + ", sub-environment " + i + ": action[" + j + "] = "
                            + v[k] + " is outside [-1, 1]");
                }
                double low = innerSpec.minimum(j);
                double high = innerSpec.maximum(j);
                mapped[k] = low + (high - low) * ((v[k] + 1.0) / 2.0);
            }
        }
        TimeStep ts = inner.step(innerActions.write(mapped));
        remember(ts);
        // prevAction in the agent's own space: its action, zeros where a new episode started.
        Tensor types = ts.stepType();
        for (int i = 0; i < lastWasLast.length; i++) {
            if (types.getLong(i) == StepType.FIRST.code()) {
                Arrays.fill(v, i * actSize, (i + 1) * actSize, 0.0);
            }
        }
        return prevActions.replace(ts, v, TimeStep::withPrevAction);
    }

    /** How error messages name this wrapper (built only when one is thrown: a step allocates nothing). */
    private String who() {
        return "ActionRescaling(" + inner.name() + ")";
    }

    private boolean hasBatchedShape(Tensor action) {
        if (action.dim() != batchedShape.length) {
            return false;
        }
        for (int d = 0; d < batchedShape.length; d++) {
            if (action.size(d) != batchedShape[d]) {
                return false;
            }
        }
        return true;
    }

    private void remember(TimeStep ts) {
        Tensor types = ts.stepType();
        for (int i = 0; i < lastWasLast.length; i++) {
            lastWasLast[i] = types.getLong(i) == StepType.LAST.code();
        }
    }

    /** The wrapped state plus which rows ended their episode last step (their next action is not validated). */
    @Override
    public StateDict stateDict() {
        StateDict out = super.stateDict();
        long[] last = new long[lastWasLast.length];
        for (int i = 0; i < last.length; i++) {
            last[i] = lastWasLast[i] ? 1 : 0;
        }
        return out.putLongs("lastWasLast", last);
    }

    @Override
    public void loadStateDict(StateDict state) {
        super.loadStateDict(state);
        long[] last = state.longs("lastWasLast");
        if (last.length != lastWasLast.length) {
            throw state.error("lastWasLast", "has " + last.length + " rows, but ActionRescaling(" + inner.name()
                    + ") has " + lastWasLast.length);
        }
        for (int i = 0; i < last.length; i++) {
            lastWasLast[i] = last[i] != 0;
        }
    }
}
