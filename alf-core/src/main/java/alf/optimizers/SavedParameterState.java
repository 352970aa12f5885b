package alf.optimizers;

import alf.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of one parameter's optimizer state in an {@link OptimizerState}: its update count and copies of its
 * state tensors by name ({@code step = 0} and no tensors for a parameter that never had a gradient).
 */
public record SavedParameterState(long step, Map<String, Tensor> tensors) {

    public SavedParameterState {
        if (step < 0) {
            throw new IllegalArgumentException("SavedParameterState: step must be >= 0, got " + step);
        }
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
