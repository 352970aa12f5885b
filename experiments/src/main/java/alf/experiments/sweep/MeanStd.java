package alf.experiments.sweep;

/**
 * The mean and the sample standard deviation of a few values (one per seed).
 *
 * <p>mean = (1/n) Σ xᵢ; std = sqrt(Σ (xᵢ − mean)² / (n − 1)) (Bessel's correction, as {@code numpy.std(ddof=1)}),
 * and 0 for a single value. Sums run in the given order, so the same values give the same bits.
 *
 * @param mean the arithmetic mean
 * @param std  the sample standard deviation
 * @param n    how many values
 */
public record MeanStd(double mean, double std, int n) {

    /** The statistics of {@code values}. */
    public static MeanStd of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("MeanStd.of: no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new MeanStd(mean, 0.0, 1);
        }
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(sq / (values.length - 1)), values.length);
    }
}
