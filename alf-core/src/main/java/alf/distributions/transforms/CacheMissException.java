package alf.distributions.transforms;

/**
 * Thrown under {@link CacheMissPolicy#THROW} when an ill-conditioned transform (tanh) would have to recover its input
 * by formula because the value given to its inverse is not the tensor its last forward returned.
 */
public final class CacheMissException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A miss of {@code transform}, with the reason spelled out in {@code detail}. */
    public CacheMissException(String transform, String detail) {
        super(transform + ": cache miss — " + detail + ". Pass logProb the very tensor returned by sample()/rsample() "
                + "(not a copy), give every transform after this one a cache (cacheSize 1), or use "
                + "CacheMissPolicy.FALL_BACK_AND_WARN to accept the stable (clamped) inverse.");
    }
}
