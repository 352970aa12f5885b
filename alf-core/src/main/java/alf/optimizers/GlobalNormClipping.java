package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Clips all gradients of an optimizer by their joint p-norm ({@link GradientClipping#clipByGlobalNorm}):
 * {@code g ← g · min(maxNorm / (‖g‖ + 1e-6), 1)}. From code, pass {@link Double#POSITIVE_INFINITY} as
 * {@code normType} for the max-norm.
 *
 * @param maxNorm          the largest allowed joint norm
 * @param normType         p of the p-norm (2 by default)
 * @param errorIfNonfinite whether a NaN or infinite norm is an error instead of turning the gradients into NaN
 */
@Configurable
public record GlobalNormClipping(double maxNorm, @Default("2") double normType,
                                 @Default("false") boolean errorIfNonfinite) implements GradientClipper {

    public GlobalNormClipping {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("GlobalNormClipping: maxNorm must be >= 0, got " + maxNorm);
        }
        GradientClipping.checkNormType("GlobalNormClipping", normType);
    }

    @Override
    public OptionalDouble clip(List<Tensor> params) {
        return OptionalDouble.of(GradientClipping.clipByGlobalNorm(params, maxNorm, normType, errorIfNonfinite));
    }
}
