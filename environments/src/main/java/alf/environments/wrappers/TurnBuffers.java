package alf.environments.wrappers;

import alf.data.TimeStep;
import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * Two tensors of one dtype and shape that a wrapper writes in turn, with the time steps built around them, so that a
 * wrapped step allocates nothing in the steady state while what it returned one call before stays valid: the
 * {@link alf.rl.Environment} rule that a time step holds its values until the environment's second following call.
 * The time step around a tensor is kept too and reused when the wrapped environment returns the very time step it
 * returned two calls before (batched simulator environments do, they also write two sets in turn).
 */
final class TurnBuffers {
    private final DType dtype;
    private final int[] shape;
    private final Tensor[] tensors = new Tensor[2];
    private final TimeStep[] innerSteps = new TimeStep[2];
    private final TimeStep[] wrappedSteps = new TimeStep[2];
    private int turn;

    /** Buffers of {@code dtype} and {@code shape}, created on first use. */
    TurnBuffers(DType dtype, int[] shape) {
        this.dtype = dtype;
        this.shape = shape.clone();
    }

    /**
     * Writes {@code values} (rounded to the dtype as a cast would, {@link Tensor#setFrom}) into the tensor whose turn it
     * is and returns it; the other tensor keeps what the call before wrote.
     */
    Tensor write(double[] values) {
        turn = 1 - turn;
        if (tensors[turn] == null) {
            tensors[turn] = Tensor.zeros(dtype, shape);
        }
        return tensors[turn].setFrom(values);
    }

    /**
     * {@code inner} with one field replaced by {@code values} written as {@link #write} does: {@code with} is the
     * field's {@code TimeStep.with...} method. The time step is rebuilt only when {@code inner} is not the one this
     * tensor was last paired with.
     */
    TimeStep replace(TimeStep inner, double[] values, BiFunction<TimeStep, Tensor, TimeStep> with) {
        Tensor t = write(values);
        if (innerSteps[turn] != inner) {
            innerSteps[turn] = inner;
            wrappedSteps[turn] = with.apply(inner, t);
        }
        return wrappedSteps[turn];
    }
}
