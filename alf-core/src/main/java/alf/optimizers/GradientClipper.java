package alf.optimizers;

import alf.tensor.Tensor;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A gradient-clipping rule an {@link Optimizer} applies to all its parameters' gradients right before each update
 * (ALF's {@code gradient_clipping} option). Implementations: {@link GlobalNormClipping}, {@link ValueClipping}.
 */
public interface GradientClipper {

    /**
     * Clips the gradients of {@code params} in place.
     *
     * @return the gradients' joint norm before clipping when the rule computes one, else empty
     */
    OptionalDouble clip(List<Tensor> params);
}
