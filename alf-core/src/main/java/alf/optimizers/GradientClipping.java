package alf.optimizers;

import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * In-place gradient clipping over a list of parameters, as PyTorch 1.13's {@code torch.nn.utils.clip_grad_norm_}
 * and {@code clip_grad_value_}. Parameters whose {@link Tensor#grad()} is null are skipped.
 */
public final class GradientClipping {

    /** Added to the total norm before dividing, as PyTorch does, so an all-zero gradient never divides by zero. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * Scales all gradients by one common factor so that their joint norm is at most {@code maxNorm}; returns the
     * joint norm <em>before</em> clipping.
     *
     * <p>Formula (PyTorch 1.13 {@code clip_grad_norm_}): for a finite {@code p},
     * {@code total = ‖(‖g₁‖_p, …, ‖g_k‖_p)‖_p}; for {@code p = ∞}, {@code total = max_i max|g_i|}. Then
     * {@code coef = min(maxNorm / (total + 1e-6), 1)} and every gradient is multiplied by {@code coef} in place. The
     * norms and the coefficient are computed in the gradients' dtype (float64 when they differ).
     * A NaN or infinite total makes {@code coef} NaN or 0 and the gradients NaN or 0, exactly as in PyTorch with
     * {@code error_if_nonfinite=False}; {@link #clipByGlobalNorm(List, double, double, boolean)} can refuse instead.
     * With no gradients at all the result is 0 and nothing changes.
     *
     * @param params   the parameters whose gradients are clipped
     * @param maxNorm  the largest allowed joint norm, ≥ 0 (+∞ only measures)
     * @param normType p of the p-norm: any finite p &gt; 0, or {@link Double#POSITIVE_INFINITY}
     * @return the joint norm of the gradients before clipping
     */
    public static double clipByGlobalNorm(List<Tensor> params, double maxNorm, double normType) {
        return clipByGlobalNorm(params, maxNorm, normType, false);
    }

    /**
     * As {@link #clipByGlobalNorm(List, double, double)}; when {@code errorIfNonfinite} is true a NaN or infinite
     * total norm throws an {@link IllegalStateException} naming the first parameter with a non-finite gradient, and
     * no gradient is changed.
     */
    public static double clipByGlobalNorm(List<Tensor> params, double maxNorm, double normType,
                                          boolean errorIfNonfinite) {
        if (params == null) {
            throw new IllegalArgumentException("clipByGlobalNorm: params is null");
        }
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        checkNormType("clipByGlobalNorm", normType);
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("clipByGlobalNorm: parameter #" + i + " is null");
            }
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        if (grads.isEmpty()) {
            return 0.0;
        }
        DType dtype = grads.get(0).dtype();
        for (Tensor g : grads) {
            if (g.dtype() != dtype) {
                dtype = DType.FLOAT64;
                break;
            }
        }
        try (var noGrad = GradMode.noGrad()) {
            List<Tensor> norms = new ArrayList<>(grads.size());
            for (Tensor g : grads) {
                norms.add(norm(g, normType).to(dtype));
            }
            Tensor total;
            if (Double.isInfinite(normType)) {
                total = norms.size() == 1 ? norms.get(0) : Tensor.stack(norms, 0).maxAll();
            } else {
                total = norm(Tensor.stack(norms, 0), normType);
            }
            double value = total.item();
            if (errorIfNonfinite && !Double.isFinite(value)) {
                throw new IllegalStateException("clipByGlobalNorm: the total gradient norm (norm type " + normType
                        + ") is " + value + "; " + firstNonFinite(params));
            }
            Tensor coef = Tensor.scalar(maxNorm, dtype).div(total.add(NORM_EPSILON)).clampMax(1.0);
            for (Tensor g : grads) {
                g.muli(coef);
            }
            return value;
        }
    }

    /**
     * Clamps every gradient element into {@code [−clipValue, clipValue]} in place (PyTorch's {@code clip_grad_value_}:
     * {@code g ← clamp(g, −clipValue, clipValue)}; NaN stays NaN).
     *
     * @param clipValue the largest allowed magnitude, ≥ 0
     */
    public static void clipByValue(List<Tensor> params, double clipValue) {
        if (params == null) {
            throw new IllegalArgumentException("clipByValue: params is null");
        }
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipByValue: clipValue must be >= 0, got " + clipValue);
        }
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p == null) {
                    throw new IllegalArgumentException("clipByValue: parameter #" + i + " is null");
                }
                if (p.grad() != null) {
                    p.grad().clamp_(-clipValue, clipValue);
                }
            }
        }
    }

    /**
     * The p-norm of all elements of {@code t} as a 0-d tensor of its dtype: {@code (Σ|x|^p)^(1/p)}, with the
     * special cases p = 1 ({@code Σ|x|}), p = 2 ({@code √Σx²}) and p = ∞ ({@code max|x|}, 0 for an empty tensor).
     */
    static Tensor norm(Tensor t, double p) {
        if (Double.isInfinite(p)) {
            return t.numel() == 0 ? Tensor.scalar(0.0, t.dtype()) : t.abs().maxAll();
        }
        if (p == 1.0) {
            return t.abs().sumAll();
        }
        if (p == 2.0) {
            return t.square().sumAll().sqrt();
        }
        return t.abs().pow(p).sumAll().pow(1.0 / p);
    }

    static void checkNormType(String owner, double normType) {
        if (!(normType > 0) || normType == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(owner + ": normType must be > 0 (or +Infinity), got " + normType);
        }
    }

    private static String firstNonFinite(List<Tensor> params) {
        for (int i = 0; i < params.size(); i++) {
            Tensor g = params.get(i).grad();
            if (g != null) {
                boolean[] finite = g.isfinite().toBooleanArray();
                for (int j = 0; j < finite.length; j++) {
                    if (!finite[j]) {
                        return "first non-finite gradient: parameter #" + i + " of shape "
                                + Arrays.toString(g.shape()) + ", element " + j + " (row-major) = "
                                + g.flatten().get(j);
                    }
                }
            }
        }
        return "every gradient is finite but their norm overflows";
    }
}
