package alf.summary;

import alf.summary.proto.HistogramProto;
import java.util.Arrays;

/**
 * TensorFlow's default histogram buckets and the {@link HistogramProto} of a set of values.
 *
 * <p>The right edges are those of TensorFlow's {@code histogram::Histogram()} default: the positive edges
 * {@code 1e-12 · 1.1^k} below {@code 1e20}, their negatives, 0, and {@code Double.MAX_VALUE} last — so bucket
 * widths are about 10% of their distance from zero, over 32 orders of magnitude. A value {@code v} falls in the first
 * bucket {@code i} with {@code v < limit[i]}. As TensorFlow's encoder does, runs of empty buckets are collapsed to
 * their last one so that the edges around every non-empty bucket remain.
 */
public final class HistogramBuckets {
    private static final double[] LIMITS = defaultLimits();

    private HistogramBuckets() {
    }

    private static double[] defaultLimits() {
        double[] positive = new double[1000];
        int n = 0;
        for (double v = 1e-12; v < 1e20; v *= 1.1) {
            positive[n++] = v;
        }
        double[] limits = new double[2 * n + 2];
        for (int i = 0; i < n; i++) {
            limits[i] = -positive[n - 1 - i];
            limits[n + 1 + i] = positive[i];
        }
        limits[n] = 0.0;
        limits[2 * n + 1] = Double.MAX_VALUE;
        return limits;
    }

    /** The right edges of the buckets (a copy). */
    public static double[] limits() {
        return LIMITS.clone();
    }

    /**
     * The histogram of {@code values} with the default buckets: min, max, count, sum, sum of squares and the
     * non-empty buckets with the empty bucket before each.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite, naming {@code tag}
     */
    public static HistogramProto of(String tag, double[] values) {
        double[] counts = new double[LIMITS.length];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("histogram '" + tag + "': value " + v + " is not finite");
            }
            int i = Arrays.binarySearch(LIMITS, v);
            // binarySearch gives the index of an exact edge (which belongs to the next bucket) or -(insertion) - 1
            int bucket = i >= 0 ? i + 1 : -i - 1;
            counts[Math.min(bucket, LIMITS.length - 1)]++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += v * v;
        }
        HistogramProto.Builder h = HistogramProto.newBuilder().setNum(values.length).setSum(sum)
                .setSumSquares(sumSquares).setMin(values.length == 0 ? 0 : min).setMax(values.length == 0 ? 0 : max);
        for (int i = 0; i < counts.length; i++) {
            boolean keep = counts[i] > 0 || i == counts.length - 1 || counts[i + 1] > 0;
            if (keep) {
                h.addBucketLimit(LIMITS[i]).addBucket(counts[i]);
            }
        }
        return h.build();
    }
}
