package alf.tensor;

import java.util.Arrays;

/**
 * Seeded random tensors, every draw from an explicit {@link Rng} in row-major element order, so the same generator
 * state always gives the same tensor. On a backend that {@link Backend#drawsOnDevice() draws on its device} (cuda),
 * uniform and normal tensors take one key from the generator and the device's counter-based generator draws every
 * element: reproducible for one seed there, but not the CPU backend's numbers.
 */
final class RandomOps {
    private RandomOps() {
    }

    private static void checkFloating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": dtype must be floating, got " + dtype);
        }
    }

    /** low + (high − low)·u with u uniform in [0, 1). */
    static Tensor uniform(Rng rng, double low, double high, DType dtype, int... shape) {
        checkFloating("uniform", dtype);
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: expects low <= high, got [" + low + ", " + high + ")");
        }
        Tensor t = Tensor.zeros(dtype, shape);
        if (t.backend().drawsOnDevice()) {
            t.backend().random(t, false, rng.nextLong(), low, high);
            return t; // the device generator's draw
        }
        fillUniform(rng, low, high, t.storage());
        return reported(new RandomDraw(rng, RandomDraw.Kind.UNIFORM, low, high, t));
    }

    /** Fills every element of {@code s} in order with low + (high − low)·u (see {@link #uniform}). */
    static void fillUniform(Rng rng, double low, double high, Storage s) {
        for (int i = 0; i < s.size(); i++) {
            do {
                s.setDouble(i, low + (high - low) * rng.nextDouble());
                // rounding to a narrow dtype can reach the open upper bound: draw again (deterministic per stream)
            } while (s.getDouble(i) >= high && high > low);
        }
    }

    /** Tells the current thread's {@link KernelTap}, if any, about a draw; returns the drawn tensor. */
    private static Tensor reported(RandomDraw draw) {
        KernelTap tap = KernelTap.current();
        if (tap != null) {
            tap.randomDrawn(draw);
        }
        return draw.out();
    }

    /** mean + std·z with z standard normal (Box–Muller, {@link Rng#nextGaussian()}). */
    static Tensor normal(Rng rng, double mean, double std, DType dtype, int... shape) {
        checkFloating("normal", dtype);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        Tensor t = Tensor.zeros(dtype, shape);
        if (t.backend().drawsOnDevice()) {
            t.backend().random(t, true, rng.nextLong(), mean, std);
            return t; // the device generator's draw
        }
        fillNormal(rng, mean, std, t.storage());
        return reported(new RandomDraw(rng, RandomDraw.Kind.NORMAL, mean, std, t));
    }

    /** Fills every element of {@code s} in order with mean + std·z (see {@link #normal}). */
    static void fillNormal(Rng rng, double mean, double std, Storage s) {
        for (int i = 0; i < s.size(); i++) {
            s.setDouble(i, mean + std * rng.nextGaussian());
        }
    }

    static Tensor bernoulli(Rng rng, Tensor p) {
        double[] probs = p.toDoubleArray();
        Tensor t = Tensor.zeros(p.dtype().isFloatingPoint() ? p.dtype() : DType.DEFAULT_FLOAT, p.shape());
        Storage s = t.storage();
        for (int i = 0; i < probs.length; i++) {
            if (!(probs[i] >= 0 && probs[i] <= 1)) {
                throw new IllegalArgumentException("bernoulli: probability " + probs[i] + " at flat index " + i
                        + " is outside [0, 1]");
            }
            s.setDouble(i, rng.nextDouble() < probs[i] ? 1.0 : 0.0);
        }
        return t;
    }

    static Tensor randint(Rng rng, long low, long high, int... shape) {
        if (low >= high) {
            throw new IllegalArgumentException("randint: expects low < high, got [" + low + ", " + high + ")");
        }
        long[] d = new long[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = low + rng.nextLong(high - low);
        }
        return shape.length == 0 ? Tensor.scalar(d[0]) : Tensor.of(d, shape);
    }

    static Tensor randperm(Rng rng, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: n must be >= 0, got " + n);
        }
        long[] d = new long[n];
        Arrays.setAll(d, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long tmp = d[i];
            d[i] = d[j];
            d[j] = tmp;
        }
        return Tensor.of(d, n);
    }
}
