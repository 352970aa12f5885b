package alf.tensor;

/**
 * Scalar special functions in double precision: log Γ, digamma ψ and trigamma ψ₁ (for Beta, Gamma and Dirichlet
 * log-probabilities, entropies and their gradients).
 */
public final class SpecialFunctions {
    private SpecialFunctions() {
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /**
     * log|Γ(x)| by the Lanczos approximation (g = 7, 9 coefficients; Lanczos, SIAM J. Numer. Anal. B 1, 1964),
     * with the reflection formula Γ(x)Γ(1−x) = π/sin(πx) below ½. Relative error about 1e-15 for x &gt; 0.
     * Poles (0, −1, −2, ...) give +∞.
     */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        if (x <= 0 && x == Math.rint(x)) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1.0 - x);
        }
        double z = x - 1.0;
        double a = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /**
     * ψ(x) = d/dx log Γ(x): recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 12, then the asymptotic series
     * ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz and Stegun 6.3.18); reflection ψ(1−x) − π/tan(πx) for x &lt; 0.
     */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0 && x == Math.rint(x)) {
            return x == 0 ? Math.copySign(Double.POSITIVE_INFINITY, -Math.copySign(1.0, x)) : Double.NaN;
        }
        if (x < 0) {
            return digamma(1.0 - x) - Math.PI / Math.tan(Math.PI * x);
        }
        double r = 0;
        while (x < 12) {
            r -= 1.0 / x;
            x += 1.0;
        }
        double f = 1.0 / (x * x);
        double series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
        return r + Math.log(x) - 0.5 / x - series;
    }

    /**
     * ψ₁(x) = d²/dx² log Γ(x): recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to x ≥ 12, then
     * 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹ (Abramowitz and Stegun 6.4.12); reflection for x &lt; 0.
     */
    public static double trigamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x <= 0 && x == Math.rint(x)) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < 0) {
            double s = Math.sin(Math.PI * x);
            return -trigamma(1.0 - x) + Math.PI * Math.PI / (s * s);
        }
        double r = 0;
        while (x < 12) {
            r += 1.0 / (x * x);
            x += 1.0;
        }
        double f = 1.0 / (x * x);
        double series = 1.0 / x + f / 2 + (1.0 / x) * f * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42
                - f * (1.0 / 30 - f * (5.0 / 66)))));
        return r + series;
    }
}
