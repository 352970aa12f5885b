package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.TanhTransform;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded statistical checks of the samplers. Every sample statistic must lie within {@value #Z} standard errors of
 * its exact value (the standard error computed from the exact moments, or from the sample's fourth moment for
 * variances); with fixed seeds the outcome is deterministic, and a correct sampler fails such a bound with
 * probability below 1e-6 per check.
 */
class SamplingStatisticsTest {
    private static final double Z = 5.0;
    private static final int N = 100_000;

    /** Column j of a row-major [n, k] array. */
    private static double[] column(double[] data, int k, int j) {
        double[] c = new double[data.length / k];
        for (int i = 0; i < c.length; i++) {
            c[i] = data[i * k + j];
        }
        return c;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Asserts that the sample mean and variance of {@code v} match {@code mean} and {@code var}. */
    private static void assertMoments(String what, double[] v, double mean, double var) {
        double m = mean(v);
        double m2 = 0;
        double m4 = 0;
        for (double x : v) {
            double d = x - m;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= v.length - 1;
        m4 /= v.length;
        double seMean = Math.sqrt(var / v.length);
        double seVar = Math.sqrt(Math.max(m4 - m2 * m2, 0) / v.length);
        assertEquals(mean, m, Z * seMean, what + ": sample mean");
        assertEquals(var, m2, Z * seVar, what + ": sample variance");
    }

    @Test
    void normalSamplesHaveTheRightMomentsAndRsampleIsPathwise() {
        Tensor loc = Tensor.of(new double[] {0.5, -2.0}, 2).setRequiresGrad(true);
        Tensor scale = Tensor.of(new double[] {1.5, 0.1}, 2).setRequiresGrad(true);
        Normal d = new Normal(loc, scale);
        Tensor s = d.sample(new Rng(11), N);
        assertArrayEquals(new int[] {N, 2}, s.shape());
        assertFalse(s.requiresGrad());
        assertEquals(DType.FLOAT64, s.dtype());
        double[] data = s.toDoubleArray();
        assertMoments("Normal[0]", column(data, 2, 0), 0.5, 2.25);
        assertMoments("Normal[1]", column(data, 2, 1), -2.0, 0.01);

        // rsample = loc + eps·scale with eps = randn in the parameters' dtype from the same stream
        Tensor r = d.rsample(new Rng(12), 3);
        Tensor eps = Tensor.randn(new Rng(12), DType.FLOAT64, 3, 2);
        assertArrayEquals(d.reparameterize(eps).toDoubleArray(), r.toDoubleArray(), 0.0);
        r.sumAll().backward();
        assertArrayEquals(new double[] {3, 3}, loc.grad().toDoubleArray(), 0.0);
        assertArrayEquals(eps.sum(0, false).toDoubleArray(), scale.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void categoricalFrequenciesMatchTheProbabilities() {
        double ninf = Double.NEGATIVE_INFINITY;
        Tensor logits = Tensor.of(new double[] {
            Math.log(0.1), Math.log(0.2), Math.log(0.7), ninf,
            1000.0, 999.0, -1000.0, ninf}, 2, 4);
        Categorical d = Categorical.fromLogits(logits);
        Tensor s = d.sample(new Rng(21), N);
        assertArrayEquals(new int[] {N, 2}, s.shape());
        assertEquals(DType.INT64, s.dtype());
        long[] idx = s.toLongArray();
        double[][] p = {{0.1, 0.2, 0.7, 0}, {1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1)), 0, 0}};
        for (int b = 0; b < 2; b++) {
            int[] counts = new int[4];
            for (int i = 0; i < N; i++) {
                counts[(int) idx[i * 2 + b]]++;
            }
            for (int k = 0; k < 4; k++) {
                double se = Math.sqrt(p[b][k] * (1 - p[b][k]) / N);
                if (p[b][k] == 0) {
                    assertEquals(0, counts[k], "class of probability 0 (row " + b + ", class " + k + ") drawn");
                } else {
                    assertEquals(p[b][k], counts[k] / (double) N, Z * se, "frequency of class " + k + ", row " + b);
                }
            }
        }

        Categorical fromProbs = Categorical.fromProbs(Tensor.of(new float[] {2f, 0f, 6f}, 3));
        long[] draws = fromProbs.sample(new Rng(22), N).toLongArray();
        int zeros = 0;
        int twos = 0;
        for (long v : draws) {
            zeros += v == 1 ? 1 : 0;
            twos += v == 2 ? 1 : 0;
        }
        assertEquals(0, zeros);
        assertEquals(0.75, twos / (double) N, Z * Math.sqrt(0.75 * 0.25 / N));
    }

    @Test
    void betaSamplesHaveTheRightMoments() {
        double[] a = {0.5, 2.0, 0.1, 50.0};
        double[] b = {0.5, 5.0, 3.0, 20.0};
        Beta d = new Beta(Tensor.of(a, 4), Tensor.of(b, 4));
        Tensor s = d.sample(new Rng(31), N);
        assertArrayEquals(new int[] {N, 4}, s.shape());
        double[] data = s.toDoubleArray();
        double[] mean = d.mean().toDoubleArray();
        double[] var = d.variance().toDoubleArray();
        for (int j = 0; j < 4; j++) {
            double[] c = column(data, 4, j);
            for (double x : c) {
                assertTrue(x >= 0 && x <= 1, "Beta draw outside [0, 1]: " + x);
            }
            assertMoments("Beta(" + a[j] + ", " + b[j] + ")", c, mean[j], var[j]);
        }
    }

    @Test
    void affineEntropyIsClosedFormAndTanhEntropyEstimateIsUnbiased() {
        Normal base = new Normal(Tensor.of(new double[] {0.3}, 1), Tensor.of(new double[] {0.8}, 1));
        TransformedDistribution affine = new TransformedDistribution(base, List.of(AffineTransform.of(1.0, -3.0)));
        assertTrue(affine.hasClosedFormEntropy());
        double h = 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(0.8);
        assertEquals(h + Math.log(3.0), affine.entropy().item(), 1e-14);
        assertEquals(1.0 - 3.0 * 0.3, affine.mean().item(), 1e-14);
        assertEquals(3.0 * 0.8, affine.stddev().item(), 1e-14);
        assertEquals(9.0 * 0.64, affine.variance().item(), 1e-13);

        // tanh-squashed N(0.3, 0.8²): H(y) = H(x) + E[log(1 − tanh²x)], the expectation by Simpson's rule
        double mu = 0.3;
        double sigma = 0.8;
        int steps = 20_000;
        double lo = mu - 12 * sigma;
        double width = 24 * sigma / steps;
        double integral = 0;
        for (int i = 0; i <= steps; i++) {
            double x = lo + i * width;
            double density = Math.exp(-0.5 * (x - mu) * (x - mu) / (sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
            double ladj = 2 * (Math.log(2) - x - Math.log1p(Math.exp(-2 * x)));
            double w = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2);
            integral += w * density * ladj;
        }
        double exact = h + integral * width / 3;

        Normal batch = new Normal(Tensor.full(DType.FLOAT64, mu, N), Tensor.full(DType.FLOAT64, sigma, N));
        TransformedDistribution squashed = new TransformedDistribution(batch, List.of(new TanhTransform()));
        assertFalse(squashed.hasClosedFormEntropy());
        double[] estimates = squashed.entropy(new Rng(41)).toDoubleArray();
        double m = mean(estimates);
        double var = 0;
        for (double e : estimates) {
            var += (e - m) * (e - m);
        }
        double se = Math.sqrt(var / (N - 1) / N);
        assertEquals(exact, m, Z * se, "one-sample entropy estimates average to the entropy");
    }
}
