package alf.tensor;

/**
 * Elementwise kernels of one input that every backend implements. {@link #apply(double)} is the reference
 * definition (computed in double, rounded to the output dtype by the caller); backends may specialise but must agree
 * with it within the rounding of the output dtype.
 */
public enum UnaryOp {
    NEG { public double apply(double x) { return -x; } },
    ABS { public double apply(double x) { return Math.abs(x); } },
    SIGN { public double apply(double x) { return Double.isNaN(x) ? x : Math.signum(x); } },
    EXP { public double apply(double x) { return Math.exp(x); } },
    /** log(x); log(0) = −inf, log(x &lt; 0) = NaN. */
    LOG { public double apply(double x) { return Math.log(x); } },
    LOG1P { public double apply(double x) { return Math.log1p(x); } },
    EXPM1 { public double apply(double x) { return Math.expm1(x); } },
    /**
     * tanh x, by {@code StrictMath} (fdlibm): the same bits on every JDK. {@code Math.tanh} is StrictMath's on JDK 17
     * but an intrinsic with other bits from JDK 24 on, which would make a run's results depend on the JDK.
     */
    TANH { public double apply(double x) { return StrictMath.tanh(x); } },
    /**
     * Inverse hyperbolic tangent, atanh x = ½·sign(x)·log1p(2|x|/(1−|x|)) (odd symmetry; log1p's argument
     * stays ≥ 0, so neither tail cancels — ½·log1p(2x/(1−x)) loses digits near −1).
     */
    ATANH {
        public double apply(double x) {
            double a = Math.abs(x);
            return Math.copySign(0.5 * Math.log1p(2.0 * a / (1.0 - a)), x);
        }
    },
    /** Logistic sigmoid 1/(1+e^−x), evaluated without overflow for either sign. */
    SIGMOID {
        public double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    /** Stable softplus log(1+e^x) = max(x, 0) + log1p(e^−|x|). Thresholding (PyTorch's x &gt; 20 → x) is an op option. */
    SOFTPLUS { public double apply(double x) { return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))); } },
    RELU { public double apply(double x) { return x > 0 ? x : (Double.isNaN(x) ? x : 0.0); } },
    /** x/(1+|x|). */
    SOFTSIGN { public double apply(double x) { return x / (1.0 + Math.abs(x)); } },
    SQRT { public double apply(double x) { return Math.sqrt(x); } },
    RSQRT { public double apply(double x) { return 1.0 / Math.sqrt(x); } },
    RECIPROCAL { public double apply(double x) { return 1.0 / x; } },
    SQUARE { public double apply(double x) { return x * x; } },
    SIN { public double apply(double x) { return Math.sin(x); } },
    COS { public double apply(double x) { return Math.cos(x); } },
    FLOOR { public double apply(double x) { return Math.floor(x); } },
    CEIL { public double apply(double x) { return Math.ceil(x); } },
    /** Round half to even, as torch.round. */
    ROUND { public double apply(double x) { return Math.rint(x); } },
    /** log|Γ(x)| ({@link SpecialFunctions#lgamma}). */
    LGAMMA { public double apply(double x) { return SpecialFunctions.lgamma(x); } },
    /** ψ(x) ({@link SpecialFunctions#digamma}). */
    DIGAMMA { public double apply(double x) { return SpecialFunctions.digamma(x); } },
    /** ψ₁(x) ({@link SpecialFunctions#trigamma}). */
    TRIGAMMA { public double apply(double x) { return SpecialFunctions.trigamma(x); } },
    LOGICAL_NOT { public double apply(double x) { return x == 0.0 ? 1.0 : 0.0; } },
    ISNAN { public double apply(double x) { return Double.isNaN(x) ? 1.0 : 0.0; } },
    ISFINITE { public double apply(double x) { return Double.isFinite(x) ? 1.0 : 0.0; } };

    /** The reference definition in double precision. */
    public abstract double apply(double x);

    /** True when the result is bool whatever the input dtype. */
    public boolean producesBool() {
        return this == LOGICAL_NOT || this == ISNAN || this == ISFINITE;
    }

    /** True when the result of an integral input is floating (e.g. exp of int64 is float32, as in PyTorch). */
    public boolean promotesIntegralToFloat() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU, SQUARE, FLOOR, CEIL, ROUND, LOGICAL_NOT, ISNAN, ISFINITE -> false;
            default -> true;
        };
    }
}
