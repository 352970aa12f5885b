package alf.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.summary.proto.HistogramProto;
import alf.tensor.Rng;
import org.junit.jupiter.api.Test;

/** TensorFlow's default histogram buckets and the collapsed bucket counts. */
class HistogramBucketsTest {

    @Test
    void defaultLimitsAreSymmetricAroundZeroAndEndAtDoubleMax() {
        double[] limits = HistogramBuckets.limits();
        // 1e-12 * 1.1^k < 1e20 for k = 0..773: 774 positive edges, their negatives, 0 and DBL_MAX
        assertEquals(2 * 774 + 2, limits.length);
        int zero = 774;
        assertEquals(0.0, limits[zero]);
        assertEquals(1e-12, limits[zero + 1]);
        assertEquals(Double.MAX_VALUE, limits[limits.length - 1]);
        for (int i = 1; i < limits.length; i++) {
            assertTrue(limits[i] > limits[i - 1], "increasing at " + i);
        }
        for (int k = 1; k <= 774; k++) {
            assertEquals(-limits[zero + k], limits[zero - k]);
        }
    }

    @Test
    void countsMatchABruteForceBucketing() {
        double[] limits = HistogramBuckets.limits();
        Rng rng = new Rng(3);
        double[] values = new double[500];
        for (int i = 0; i < values.length; i++) {
            values[i] = (rng.nextDouble() - 0.3) * Math.pow(10, rng.nextLong(7) - 3);
        }
        values[0] = 0.0;
        values[1] = limits[800]; // exactly on an edge: belongs to the bucket above it
        double[] expected = new double[limits.length];
        for (double v : values) {
            int b = 0;
            while (!(v < limits[b])) {
                b++;
            }
            expected[b]++;
        }
        HistogramProto h = HistogramBuckets.of("w", values);
        assertEquals(500, h.getNum());
        double sum = 0;
        double sumSq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(sum, h.getSum());
        assertEquals(sumSq, h.getSumSquares());
        assertEquals(min, h.getMin());
        assertEquals(max, h.getMax());
        // every non-empty bucket appears with its own right edge; collapsed empty runs keep the run's last edge
        int k = 0;
        double total = 0;
        for (int i = 0; i < limits.length; i++) {
            boolean kept = expected[i] > 0 || i == limits.length - 1 || expected[i + 1] > 0;
            if (kept) {
                assertEquals(limits[i], h.getBucketLimit(k));
                assertEquals(expected[i], h.getBucket(k), "bucket ending at " + limits[i]);
                total += h.getBucket(k);
                k++;
            }
        }
        assertEquals(k, h.getBucketCount());
        assertEquals(500.0, total);
        assertEquals(1.0, h.getBucket(indexOfLimit(h, limits[801])));
    }

    private static int indexOfLimit(HistogramProto h, double limit) {
        for (int i = 0; i < h.getBucketLimitCount(); i++) {
            if (h.getBucketLimit(i) == limit) {
                return i;
            }
        }
        throw new AssertionError("no bucket ending at " + limit);
    }

    @Test
    void aNonFiniteValueIsAnErrorNamingTheTag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramBuckets.of("grads/actor.fc1.weight", new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("grads/actor.fc1.weight"), e.getMessage());
    }
}
