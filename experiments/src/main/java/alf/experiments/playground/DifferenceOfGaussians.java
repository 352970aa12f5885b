package alf.experiments.playground;

import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * The optimizer playground's objective, the difference of two Gaussian bumps
 * <pre>
 *   f(x) = exp(−½ (x − m₁)ᵀ P₁ (x − m₁)) − exp(−½ (x − m₂)ᵀ P₂ (x − m₂)),
 *   P₁ = [[1, 0], [0, 4]], m₁ = (0, 1),   P₂ = [[1, −2], [−2, 10]], m₂ = (0, −2)
 * </pre>
 * (the two-Gaussian landscape of the classic optimizer tutorials): a hill at m₁, a narrow tilted valley at m₂ whose
 * floor is f ≈ −1, and a flat plateau between them where plain gradient descent crawls.
 *
 * <p>Written with differentiable tensor ops, so {@code backward()} gives ∇f by autograd.
 */
public final class DifferenceOfGaussians {
    private static final Tensor P1 = Tensor.of(new double[] {1, 0, 0, 4}, 2, 2);
    private static final Tensor M1 = Tensor.of(new double[] {0, 1}, 1, 2);
    private static final Tensor P2 = Tensor.of(new double[] {1, -2, -2, 10}, 2, 2);
    private static final Tensor M2 = Tensor.of(new double[] {0, -2}, 1, 2);

    private DifferenceOfGaussians() {
    }

    /** f at each row of {@code points} ({@code [N, 2]}, float64), shape {@code [N]}; differentiable. */
    public static Tensor value(Tensor points) {
        if (points.dim() != 2 || points.size(1) != 2) {
            throw new IllegalArgumentException("DifferenceOfGaussians.value: points must have shape [N, 2], got "
                    + Arrays.toString(points.shape()));
        }
        return bump(points, M1, P1).sub(bump(points, M2, P2));
    }

    /** f at the single point {@code (x1, x2)}, without gradient. */
    public static double at(double x1, double x2) {
        return value(Tensor.of(new double[] {x1, x2}, 1, 2)).item();
    }

    /** exp(−½ (x − m)ᵀ P (x − m)) per row; with P symmetric the quadratic form is Σⱼ ((x − m) P)ⱼ (x − m)ⱼ. */
    private static Tensor bump(Tensor points, Tensor mean, Tensor precision) {
        Tensor d = points.sub(mean);
        return d.matmul(precision).mul(d).sum(1, false).mul(-0.5).exp();
    }
}
