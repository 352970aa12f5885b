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
    ALL
}
