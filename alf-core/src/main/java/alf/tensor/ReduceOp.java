package alf.tensor;

/** Reductions over a set of dimensions that every backend implements. */
public enum ReduceOp {
    /** Σ x, accumulated in double on the CPU. */
    SUM,
    /** Π x. */
    PROD,
    /** max x; NaN propagates (torch.amax). */
    MAX,
    /** min x; NaN propagates (torch.amin). */
    MIN,
    /** true when any element is non-zero. */
    ANY,
    /** true when every element is non-zero. */
    ALL;

    /** The value a reduction starts from in double: 0 (SUM, ANY), 1 (PROD, ALL), −∞ (MAX), +∞ (MIN). */
    public double identity() {
        return switch (this) {
            case SUM, ANY -> 0.0;
            case PROD, ALL -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    /**
     * One accumulation step in double: {@code acc + v}, {@code acc · v}, max/min with NaN propagating (torch.amax and
     * torch.amin), or 1/0 for "either non-zero" (ANY) and "both non-zero" (ALL).
     */
    public double combine(double acc, double v) {
        return switch (this) {
            case SUM -> acc + v;
            case PROD -> acc * v;
            case MAX -> (Double.isNaN(acc) || Double.isNaN(v)) ? Double.NaN : Math.max(acc, v);
            case MIN -> (Double.isNaN(acc) || Double.isNaN(v)) ? Double.NaN : Math.min(acc, v);
            case ANY -> (acc != 0 || v != 0) ? 1 : 0;
            case ALL -> (acc != 0 && v != 0) ? 1 : 0;
        };
    }
}
