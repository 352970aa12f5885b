package alf.optimizers;

import alf.config.Configurable;
import alf.tensor.Tensor;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Clamps every gradient element of an optimizer into {@code [−clipValue, clipValue]}
 * ({@link GradientClipping#clipByValue}).
 */
@Configurable
public record ValueClipping(double clipValue) implements GradientClipper {

    public ValueClipping {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("ValueClipping: clipValue must be >= 0, got " + clipValue);
        }
    }

    @Override
    public OptionalDouble clip(List<Tensor> params) {
        GradientClipping.clipByValue(params, clipValue);
        return OptionalDouble.empty();
    }
}
