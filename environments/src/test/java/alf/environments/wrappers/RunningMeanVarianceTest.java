package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import alf.tensor.Rng;
import org.junit.jupiter.api.Test;

class RunningMeanVarianceTest {

    @Test
    void batchedUpdatesMatchATwoPassComputationOverAllData() {
        Rng rng = new Rng(17);
        int size = 3;
        int[] batchSizes = {1, 5, 2, 9, 1, 13};
        int total = 0;
        for (int b : batchSizes) {
            total += b;
        }
        double[] all = new double[total * size];
        for (int k = 0; k < all.length; k++) {
            all[k] = 1000.0 + 3.0 * rng.nextGaussian() * (1 + k % size); // large offset tests stability
        }
        RunningMeanVariance stats = new RunningMeanVariance(size);
        int row = 0;
        for (int b : batchSizes) {
            double[] batch = new double[b * size];
            System.arraycopy(all, row * size, batch, 0, batch.length);
            stats.update(batch, b);
            row += b;
        }
        assertEquals(total, stats.count());
        for (int j = 0; j < size; j++) {
            double mean = 0;
            for (int r = 0; r < total; r++) {
                mean += all[r * size + j];
            }
            mean /= total;
            double ss = 0;
            for (int r = 0; r < total; r++) {
                double d = all[r * size + j] - mean;
                ss += d * d;
            }
            assertEquals(mean, stats.mean(j), 1e-12 * Math.abs(mean));
            assertEquals(ss / total, stats.variance(j), 1e-9 * (ss / total));
        }
    }

    @Test
    void stateRoundTripsAndRejectsMismatches() {
        RunningMeanVariance a = new RunningMeanVariance(2);
        a.update(new double[] {1, 2, 3, 5}, 2);
        RunningMeanVariance b = new RunningMeanVariance(2);
        b.load(a.state());
        assertEquals(a.state(), b.state());
        assertEquals(2.0, b.mean(0));
        assertEquals(1.0, b.variance(0));
        assertEquals(2.25, b.variance(1));
        assertEquals(1.0, new RunningMeanVariance(2).variance(0)); // empty: identity normalisation
        assertThrows(IllegalArgumentException.class, () -> new RunningMeanVariance(3).load(a.state()));
        assertThrows(IllegalArgumentException.class, () -> a.update(new double[] {1, 2, 3}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new RunningMeanVariance.State(1, new double[] {0}, new double[] {-1}));
    }
}
