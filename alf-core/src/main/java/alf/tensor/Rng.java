package alf.tensor;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An explicit, splittable, serializable pseudo-random generator: every random draw in ALF takes one, derived from
 * the run seed, so there is no hidden global randomness and a checkpoint can store and restore the exact stream.
 *
 * <p>Generator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2018), seeded
 * by SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014). Its whole
 * state is four {@code long}s ({@link #state()} / {@link #fromState}). {@link #split()} draws a new, statistically
 * independent generator from this one and advances this one, so a tree of generators is fixed by the root seed.
 *
 * <p>Not thread-safe: give each thread its own (split) generator.
 */
public final class Rng implements Serializable {
    private static final long serialVersionUID = 1L;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** A generator whose stream is fixed by {@code seed}. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix64(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix64(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix64(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix64(x);
    }

    private Rng(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("Rng state must have 4 longs, got " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("Rng state must not be all zero");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** Restores a generator from {@link #state()}. */
    public static Rng fromState(long[] state) {
        return new Rng(state);
    }

    /** A copy of the four-word state; {@code fromState(state())} continues the identical stream. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Continues from a saved {@link #state()} in place (for objects that hold their generator in a final field). */
    public void setState(long[] state) {
        Rng r = new Rng(state);
        s0 = r.s0;
        s1 = r.s1;
        s2 = r.s2;
        s3 = r.s3;
    }

    /** An independent copy of this generator at its current position (both then produce the same stream). */
    public Rng copy() {
        return new Rng(state());
    }

    /** A new generator seeded from this one's next output; this one advances by one draw. */
    public Rng split() {
        return new Rng(mix64(nextLong()) ^ 0xD1B54A32D192ED03L);
    }

    /** SplitMix64's output function (Stafford variant 13). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 uniformly random bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), unbiased (Lemire, "Fast random integer generation in an interval", 2019). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) nextLong(bound);
    }

    /** Uniform long in [0, bound), unbiased by rejection. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = bound - 1;
        if ((bound & m) == 0) {
            return nextLong() & m;
        }
        long u = nextLong() >>> 1;
        long r;
        while (u - (r = u % bound) + m < 0) {
            u = nextLong() >>> 1;
        }
        return r;
    }

    /**
     * Standard normal variate by the Box–Muller transform: sqrt(−2 ln u₁)·cos(2π u₂) with u₁ in (0, 1].
     * Consumes exactly two draws, so the stream position never depends on a cached spare.
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** True with probability {@code p}. */
    public boolean nextBoolean(double p) {
        return nextDouble() < p;
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
