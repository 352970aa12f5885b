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
 * ignored). The returned {@code prevAction} is the agent's action in [-1, 1] (zeros on FIRST rows).
 */
@Configurable
public final class ActionRescaling extends EnvironmentWrapper {

    private final BoundedTensorSpec innerSpec;
    private final BoundedTensorSpec outerSpec;
    private final int actSize;
    private final int[] batchedShape;
    private boolean[] lastWasLast;

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
        String who = "ActionRescaling(" + inner.name() + ")";
        if (action == null || !Arrays.equals(action.shape(), batchedShape)) {
            throw new IllegalArgumentException(who + ": action has shape "
                    + (action == null ? "null" : Arrays.toString(action.shape())) + ", expected "
                    + Arrays.toString(batchedShape));
        }
        if (!action.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(who + ": actions must have a floating dtype, got " + action.dtype());
        }
        double[] v = action.toDoubleArray();
        double[] mapped = new double[v.length];
        for (int i = 0; i < lastWasLast.length; i++) {
            for (int j = 0; j < actSize; j++) {
                int k = i * actSize + j;
                if (lastWasLast[i]) {
                    mapped[k] = innerSpec.minimum(j); // ignored by the auto-reset; any valid value
                    continue;
                }
                if (!(v[k] >= -1.0 && v[k] <= 1.0)) {
                    throw new IllegalArgumentException(who + ", sub-environment " + i + ": action[" + j + "] = "
                            + v[k] + " is outside [-1, 1]");
                }
                double low = innerSpec.minimum(j);
                double high = innerSpec.maximum(j);
                mapped[k] = low + (high - low) * ((v[k] + 1.0) / 2.0);
            }
        }
        TimeStep ts = inner.step(Tensor.of(mapped, innerSpec.dtype(), batchedShape));
        remember(ts);
        // prevAction in the agent's own space: its action, zeros where a new episode started.
        int[] types = ts.stepType().toIntArray();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == StepType.FIRST.code()) {
                Arrays.fill(v, i * actSize, (i + 1) * actSize, 0.0);
            }
        }
        return ts.withPrevAction(Tensor.of(v, outerSpec.dtype(), batchedShape));
    }

    private void remember(TimeStep ts) {
        int[] types = ts.stepType().toIntArray();
        for (int i = 0; i < types.length; i++) {
            lastWasLast[i] = types[i] == StepType.LAST.code();
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
