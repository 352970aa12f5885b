package alf.distributions.transforms;

/**
 * What a transform does when its inverse is asked for a value that is not the output it cached — the value passed
 * to {@code logProb} is a copy of the sampled action, was modified in place, or an uncached transform after this one
 * produced a fresh tensor. Such a miss matters only for transforms whose inverse is ill-conditioned
 * ({@link Transform#inverseIsIllConditioned()}, i.e. tanh): in float32, atanh(tanh(x)) cannot return more than about
 * 8.66, so log-probabilities and their gradients near the action bounds are wrong. Misses of well-conditioned
 * transforms (affine) are only counted.
 */
public enum CacheMissPolicy {
    /**
     * Compute the transform's stable inverse (tanh: clamp to ±0.99999997, then atanh), count the miss
     * ({@link Transform#cacheMisses()}) and log one warning per transform class per JVM. Never silent.
     */
    FALL_BACK_AND_WARN,
    /** Throw {@link CacheMissException} instead of inverting an ill-conditioned transform by formula. */
    THROW
}
