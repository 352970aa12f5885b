package alf.nn;

import alf.tensor.DType;
import alf.tensor.Tensor;

/**
 * Makes parameters: leaf tensors that require grad ({@code torch.nn.Parameter}). A parameter <em>is</em> a plain
 * {@link Tensor}; what makes it a module's parameter is {@link Module#registerParameter}, which also marks it.
 */
public final class Parameter {
    private Parameter() {
    }

    /**
     * A new leaf sharing {@code data}'s storage (no copy, like {@code nn.Parameter(t)}), cut from any graph and
     * requiring grad; {@code data} must be floating point.
     */
    public static Tensor of(Tensor data) {
        if (data == null) {
            throw new IllegalArgumentException("Parameter.of: data must not be null");
        }
        if (!data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Parameter.of: parameters must be floating point, got " + data.dtype());
        }
        return data.detach().setRequiresGrad(true);
    }

    /** A zero-filled parameter of the given dtype and shape (fill it with an {@link alf.nn.init.Init} function). */
    public static Tensor zeros(DType dtype, int... shape) {
        return of(Tensor.zeros(dtype, shape));
    }
}
