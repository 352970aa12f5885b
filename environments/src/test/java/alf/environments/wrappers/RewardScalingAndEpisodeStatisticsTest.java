package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.rl.Environment;
import alf.environments.classic.CartPole;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardScalingAndEpisodeStatisticsTest {

    @Test
    void rewardScalingMultipliesEveryReward() {
        Environment plain = ClassicControl.environment(Pendulum.ID, 2, 1);
        RewardScaling scaled = new RewardScaling(ClassicControl.environment(Pendulum.ID, 2, 1), 0.1);
        plain.seed(8);
        scaled.seed(8);
        assertArrayEquals(new float[2], scaled.reset().reward().toFloatArray());
        plain.reset();
        Tensor a = Tensor.of(new float[] {0.3f, -0.7f}, 2, 1);
        float[] r = plain.step(a).reward().toFloatArray();
        float[] s = scaled.step(a).reward().toFloatArray();
        for (int i = 0; i < 2; i++) {
            assertEquals((float) (r[i] * 0.1), s[i], 0.0f);
            assertTrue(r[i] < 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new RewardScaling(plain, Double.NaN));
    }

    @Test
    void cartPoleEpisodesHaveReturnEqualToLengthAndTerminate() {
        EpisodeStatistics stats = new EpisodeStatistics(ClassicControl.environment(CartPole.ID, 3, 1));
        stats.seed(6);
        stats.reset();
        Rng rng = new Rng(1);
        int[] stepsSinceFirst = new int[3];
        int lasts = 0;
        for (int t = 0; t < 400; t++) {
            long[] a = new long[3];
            for (int i = 0; i < 3; i++) {
                a[i] = rng.nextInt(2);
            }
            TimeStep ts = stats.step(Tensor.of(a, 3));
            for (int i = 0; i < 3; i++) {
                stepsSinceFirst[i] = ts.isFirst(i) ? 0 : stepsSinceFirst[i] + 1;
                if (ts.isLast(i)) {
                    // results of one step are appended in env-id order
                    EpisodeResult last = stats.completedEpisodes().get(lasts++);
                    assertEquals(i, last.envId());
                    assertEquals(stepsSinceFirst[i], last.length());
                }
            }
        }
        List<EpisodeResult> episodes = stats.drainCompletedEpisodes();
        assertEquals(lasts, episodes.size());
        assertTrue(episodes.size() >= 10, "episodes " + episodes.size());
        for (EpisodeResult e : episodes) {
            assertEquals(e.length(), e.episodeReturn(), 0.0);
            assertTrue(e.terminated());
        }
        assertTrue(stats.completedEpisodes().isEmpty());
        assertEquals(lasts, stats.totalEpisodes());
    }

    @Test
    void pendulumEpisodesAreTruncatedAtTheTimeLimit() {
        EpisodeStatistics stats = new EpisodeStatistics(new RewardScaling(
                ClassicControl.environment(Pendulum.ID, 2, 2), 1.0));
        stats.seed(3);
        stats.reset();
        double[] sum = new double[2];
        Tensor zero = Tensor.of(new float[2], 2, 1);
        for (int t = 0; t < Pendulum.MAX_EPISODE_STEPS; t++) {
            float[] r = stats.step(zero).reward().toFloatArray();
            sum[0] += r[0];
            sum[1] += r[1];
        }
        List<EpisodeResult> episodes = stats.drainCompletedEpisodes();
        assertEquals(2, episodes.size());
        for (EpisodeResult e : episodes) {
            assertEquals(Pendulum.MAX_EPISODE_STEPS, e.length());
            assertFalse(e.terminated());
            assertEquals(sum[e.envId()], e.episodeReturn(), 1e-9);
        }
        stats.close();
    }
}
