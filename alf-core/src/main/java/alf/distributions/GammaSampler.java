package alf.distributions;

import alf.tensor.Rng;

/**
 * Draws from Gamma(shape, 1) in log space: Marsaglia &amp; Tsang, "A Simple Method for Generating Gamma Variables"
 * (ACM TOMS 26(3), 2000). For shape a ≥ 1, with d = a − 1/3 and c = 1/√(9d): draw x ~ N(0, 1) until v = (1 + cx)³ &gt; 0,
 * u ~ U(0, 1), and accept d·v when u &lt; 1 − 0.0331x⁴ or log u &lt; x²/2 + d(1 − v + log v). For a &lt; 1 the
 * boost Gamma(a) = Gamma(a + 1)·U^(1/a) is applied, in logs: log G(a + 1) + log(U)/a, so that tiny shapes do not
 * underflow to 0.
 */
final class GammaSampler {
    private GammaSampler() {
    }

    /** log of one Gamma(shape, 1) draw; shape must be &gt; 0. */
    static double logSample(Rng rng, double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("Gamma sampler: shape must be finite and > 0, got " + shape);
        }
        if (shape < 1) {
            double u = 1.0 - rng.nextDouble(); // in (0, 1]
            return logSample(rng, shape + 1.0) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }
}
