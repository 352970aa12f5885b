package alf.environments.wrappers;

import java.util.Arrays;

/**
 * Running per-element mean and variance of a stream of vectors, updated one batch at a time with the
 * parallel combination of Chan, Golub and LeVeque ("Updating formulae and a pairwise algorithm for
 * computing sample variances", 1979), which generalises Welford's update: for a batch of m vectors with
 * mean μ_b and sum of squared deviations M2_b, n' = n + m, δ = μ_b − μ, μ' = μ + δ·m/n',
 * M2' = M2 + M2_b + δ²·n·m/n'. The variance is the population variance M2/n. Not thread-safe.
 */
public final class RunningMeanVariance {

    /**
     * The complete statistics, for checkpoints.
     *
     * @param count number of vectors seen (≥ 0)
     * @param mean  per-element mean
     * @param m2    per-element sum of squared deviations from the mean (≥ 0)
     */
    public record State(long count, double[] mean, double[] m2) {

        /** Validates and copies the arrays. */
        public State {
            if (count < 0 || mean == null || m2 == null || mean.length != m2.length) {
                throw new IllegalArgumentException("RunningMeanVariance.State: invalid count " + count
                        + " or array lengths " + (mean == null ? "null" : mean.length) + " / "
                        + (m2 == null ? "null" : m2.length));
            }
            mean = mean.clone();
            m2 = m2.clone();
            for (int i = 0; i < m2.length; i++) {
                if (!(m2[i] >= 0) || !Double.isFinite(m2[i]) || !Double.isFinite(mean[i])) {
                    throw new IllegalArgumentException("RunningMeanVariance.State: element " + i + " has mean "
                            + mean[i] + " and m2 " + m2[i]);
                }
            }
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] m2() {
            return m2.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.count == count && Arrays.equals(s.mean, mean) && Arrays.equals(s.m2, m2);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(count) * 31 * 31 + Arrays.hashCode(mean) * 31 + Arrays.hashCode(m2);
        }

        @Override
        public String toString() {
            return "State[count=" + count + ", mean=" + Arrays.toString(mean) + ", m2=" + Arrays.toString(m2) + "]";
        }
    }

    private final int size;
    private long count;
    private final double[] mean;
    private final double[] m2;
    private final double[] batchMean;

    /** Statistics of vectors with {@code size} (≥ 1) elements, initially empty. */
    public RunningMeanVariance(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("RunningMeanVariance: size must be >= 1, got " + size);
        }
        this.size = size;
        this.mean = new double[size];
        this.m2 = new double[size];
        this.batchMean = new double[size];
    }

    /** Vector length. */
    public int size() {
        return size;
    }

    /** Number of vectors seen. */
    public long count() {
        return count;
    }

    /** Mean of element j (0 before any update). */
    public double mean(int j) {
        return mean[j];
    }

    /** Population variance of element j (1 before any update, so that normalising is the identity). */
    public double variance(int j) {
        return count == 0 ? 1.0 : m2[j] / count;
    }

    /** Adds the {@code rows} vectors stored row-major in {@code data} (length rows·size). */
    public void update(double[] data, int rows) {
        if (rows < 0 || data.length != (long) rows * size) {
            throw new IllegalArgumentException("RunningMeanVariance.update: " + data.length
                    + " values are not " + rows + " rows of " + size);
        }
        if (rows == 0) {
            return;
        }
        Arrays.fill(batchMean, 0.0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < size; j++) {
                batchMean[j] += data[r * size + j];
            }
        }
        for (int j = 0; j < size; j++) {
            batchMean[j] /= rows;
        }
        long newCount = count + rows;
        for (int j = 0; j < size; j++) {
            double batchM2 = 0.0;
            for (int r = 0; r < rows; r++) {
                double d = data[r * size + j] - batchMean[j];
                batchM2 += d * d;
            }
            double delta = batchMean[j] - mean[j];
            mean[j] += delta * rows / newCount;
            m2[j] += batchM2 + delta * delta * ((double) count * rows / newCount);
        }
        count = newCount;
    }

    /** A snapshot of the statistics. */
    public State state() {
        return new State(count, mean, m2);
    }

    /** Replaces the statistics with {@code state} (same vector size). */
    public void load(State state) {
        if (state.mean().length != size) {
            throw new IllegalArgumentException("RunningMeanVariance.load: state has " + state.mean().length
                    + " elements, expected " + size);
        }
        count = state.count();
        System.arraycopy(state.mean(), 0, mean, 0, size);
        System.arraycopy(state.m2(), 0, m2, 0, size);
    }
}
