package alf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.StateDict;
import alf.io.StateDictException;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PrioritizedReplayBufferTest {
    private static final TensorSpec OBS = new TensorSpec(new int[] {2}, DType.FLOAT32, "obs");
    private static final TensorSpec ACT = new TensorSpec(new int[] {1}, DType.FLOAT32, "act");

    /** n transitions numbered from {@code from}: obs = [i, -i], action = [i], reward = i, s' = [i + ½, −i − ½]. */
    private static Experience batch(int from, int n) {
        float[] obs = new float[2 * n];
        float[] act = new float[n];
        float[] rew = new float[n];
        float[] next = new float[2 * n];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            obs[2 * k] = i;
            obs[2 * k + 1] = -i;
            act[k] = i;
            rew[k] = i;
            next[2 * k] = i + 0.5f;
            next[2 * k + 1] = -i - 0.5f;
        }
        return new Experience(Tensor.of(obs, n, 2), Tensor.of(act, n, 1), Tensor.of(rew), Tensor.ones(n),
                Tensor.of(next, n, 2));
    }

    private static void update(PrioritizedReplayBuffer buffer, long[] slots, double... tdErrors) {
        buffer.updatePriorities(Tensor.of(slots), Tensor.of(tdErrors, DType.FLOAT32));
    }

    @Test
    void newTransitionsGetTheLargestPriorityGivenSoFar() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(8, OBS, ACT, 1.0, 0.5);
        buffer.add(batch(0, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, buffer.priority(i), "before any update new transitions get priority 1");
        }
        update(buffer, new long[] {0, 2}, 2.0, -0.25); // p = |δ| + 0.5 = 2.5 and 0.75
        assertEquals(2.5, buffer.priority(0));
        assertEquals(0.75, buffer.priority(2));
        assertEquals(2.5, buffer.maxPriority());
        buffer.add(batch(3, 2));
        assertEquals(2.5, buffer.priority(3));
        assertEquals(2.5, buffer.priority(4));
        assertEquals(0.0, buffer.priority(5), "slots not yet written have no priority");
    }

    @Test
    void updatePrioritiesAppliesTheExponentAndKeepsTheLaterOfDuplicates() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(4, OBS, ACT, 0.5, 0.5);
        buffer.add(batch(0, 4));
        update(buffer, new long[] {0, 1, 2, 1}, 0.5, 7.0, -3.5, 1.5); // slot 1: 7.0, then 1.5 wins
        assertEquals(1.0, buffer.priority(0), 1e-12); // (0.5 + 0.5)^0.5
        assertEquals(Math.sqrt(2.0), buffer.priority(1), 1e-12); // (1.5 + 0.5)^0.5
        assertEquals(2.0, buffer.priority(2), 1e-12); // (3.5 + 0.5)^0.5
        assertEquals(1.0, buffer.priority(3), "untouched slot keeps its initial priority");
        assertEquals(Math.sqrt(7.5), buffer.maxPriority(), 1e-12, "the running maximum saw 7.0 on the way");
    }

    @Test
    void importanceWeightsMatchTheFormulaOnAHandComputedCase() {
        // α = 1, ε = 0.5: p = [1, 2, 4, 2], Σp = 9, N = 4, P = [1/9, 2/9, 4/9, 2/9].
        // β = 0.5: (N·P)^(−β) = [(4/9)^-½, (8/9)^-½, (16/9)^-½, (8/9)^-½] = [1.5, 1.0607, 0.75, 1.0607];
        // dividing by the largest (1.5) gives w = [1, 1/√2, 0.5, 1/√2].
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(4, OBS, ACT, 1.0, 0.5);
        buffer.add(batch(10, 4));
        update(buffer, new long[] {0, 1, 2, 3}, 0.5, 1.5, 3.5, -1.5);
        double[] expected = {1.0, 1 / Math.sqrt(2), 0.5, 1 / Math.sqrt(2)};
        // with B = 9 each stratum is one unit of Σp = 9 wide: slot 0 covers [0, 1), slot 1 [1, 3), slot 2 [3, 7),
        // slot 3 [7, 9), so the slots drawn are fixed whatever the random offsets are
        SampledBatch b = buffer.sample(9, 0.5, new Rng(3));
        assertArrayEquals(new long[] {0, 1, 1, 2, 2, 2, 2, 3, 3}, b.indices().toLongArray());
        long[] slots = b.indices().toLongArray();
        float[] weights = b.weights().toFloatArray();
        float[] rewards = b.experience().reward().toFloatArray();
        for (int j = 0; j < slots.length; j++) {
            assertEquals(expected[(int) slots[j]], weights[j], 1e-6, "weight of slot " + slots[j]);
            assertEquals(10 + slots[j], rewards[j], "the row comes from the sampled slot");
        }
        SampledBatch unweighted = buffer.sample(9, 0.0, new Rng(3));
        for (float w : unweighted.weights().toFloatArray()) {
            assertEquals(1.0f, w, "beta = 0 applies no correction");
        }
    }

    @Test
    void samplingFrequenciesAreProportionalToPriority() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(6, OBS, ACT, 1.0, 1e-6);
        buffer.add(batch(0, 6));
        double[] td = {1, 2, 3, 4, 0.5, 1.5};
        update(buffer, new long[] {0, 1, 2, 3, 4, 5}, td);
        double total = 0;
        for (double d : td) {
            total += d + 1e-6;
        }
        Rng rng = new Rng(2024);
        int draws = 0;
        int[] counts = new int[6];
        for (int round = 0; round < 400; round++) {
            for (long slot : buffer.sample(50, 1.0, rng).indices().toLongArray()) {
                counts[(int) slot]++;
                draws++;
            }
        }
        // 20 000 draws: the standard error of each frequency is at most √(¼ / 20000) ≈ 0.0035 (stratification only
        // lowers it), so a tolerance of 0.015 is over four standard errors
        for (int i = 0; i < 6; i++) {
            assertEquals((td[i] + 1e-6) / total, counts[i] / (double) draws, 0.015, "frequency of slot " + i);
        }
    }

    @Test
    void ringOverwriteResetsTheOverwrittenSlotsToTheMaximum() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(3, OBS, ACT, 1.0, 1e-6);
        buffer.add(batch(0, 2));
        update(buffer, new long[] {0, 1}, 3.0, 0.25);
        buffer.add(batch(2, 2)); // writes slot 2, then wraps onto slot 0
        assertEquals(3, buffer.size());
        assertEquals(3.0 + 1e-6, buffer.priority(0), 1e-12, "overwritten slot starts again at the maximum");
        assertEquals(0.25 + 1e-6, buffer.priority(1), 1e-12, "surviving slot keeps its priority");
        assertEquals(3.0 + 1e-6, buffer.priority(2), 1e-12);
        SampledBatch b = buffer.sample(30, 1.0, new Rng(5));
        long[] slots = b.indices().toLongArray();
        float[] rewards = b.experience().reward().toFloatArray();
        float[] stored = {3, 1, 2}; // slot 0 now holds transition 3
        for (int j = 0; j < slots.length; j++) {
            assertEquals(stored[(int) slots[j]], rewards[j]);
        }
        buffer.add(batch(10, 7)); // more rows than the capacity: only the last three survive, all at the maximum
        assertEquals(3, buffer.size());
        assertEquals(buffer.maxPriority(), buffer.priority(0));
        assertEquals(buffer.maxPriority(), buffer.priority(1));
        assertEquals(buffer.maxPriority(), buffer.priority(2));
    }

    @Test
    void stateRoundTripSamplesIdentically() {
        PrioritizedReplayBuffer a = new PrioritizedReplayBuffer(10, OBS, ACT, 0.6, 1e-6);
        a.add(batch(0, 7));
        update(a, new long[] {1, 3, 5, 6}, 0.3, 2.0, 0.01, 0.7);
        StateDict state = a.stateDict();
        PrioritizedReplayBuffer b = new PrioritizedReplayBuffer(10, OBS, ACT, 0.6, 1e-6);
        b.loadStateDict(state);
        assertEquals(a.size(), b.size());
        assertEquals(a.maxPriority(), b.maxPriority());
        Rng ra = new Rng(11);
        Rng rb = new Rng(11);
        for (int round = 0; round < 3; round++) {
            SampledBatch sa = a.sample(16, 0.4, ra);
            SampledBatch sb = b.sample(16, 0.4, rb);
            assertArrayEquals(sa.indices().toLongArray(), sb.indices().toLongArray());
            assertArrayEquals(sa.weights().toFloatArray(), sb.weights().toFloatArray());
            assertArrayEquals(sa.experience().observation().toFloatArray(), sb.experience().observation().toFloatArray());
            // continuing after the reload: adds wrap the ring from the restored position with the restored maximum
            a.add(batch(20 + 5 * round, 5));
            b.add(batch(20 + 5 * round, 5));
            update(a, new long[] {round, round + 1}, 0.2 * round, 4.0);
            update(b, new long[] {round, round + 1}, 0.2 * round, 4.0);
        }
        assertEquals(a.maxPriority(), b.maxPriority());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplayBuffer(4, OBS, ACT, -0.1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplayBuffer(4, OBS, ACT, 0.6, 0));
        assertThrows(IllegalArgumentException.class, () -> new PrioritizedReplayBuffer(0, OBS, ACT, 0.6, 1e-6));
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(4, OBS, ACT, 0.6, 1e-6);
        assertThrows(IllegalStateException.class, () -> buffer.sample(2, 0.4, new Rng(0)));
        buffer.add(batch(0, 2));
        assertThrows(IllegalArgumentException.class, () -> buffer.sample(0, 0.4, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> buffer.sample(2, 1.5, new Rng(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> update(buffer, new long[] {2}, 1.0));
        assertTrue(e.getMessage().contains("slot 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> update(buffer, new long[] {0}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> update(buffer, new long[] {0, 1}, 1.0));
        StateDict state = buffer.stateDict();
        state.putDoubles("priorities", new double[] {1.0});
        StateDictException bad = assertThrows(StateDictException.class, () -> new PrioritizedReplayBuffer(4, OBS,
                ACT, 0.6, 1e-6).loadStateDict(state));
        assertTrue(bad.getMessage().contains("'priorities'"), bad.getMessage());
    }

    @Test
    void samplingIntoThePreviousBatchDrawsTheSameSlotsAndWeights() {
        PrioritizedReplayBuffer buffer = new PrioritizedReplayBuffer(30, OBS, ACT, 0.6, 1e-6);
        buffer.add(batch(0, 25));
        update(buffer, new long[] {0, 3, 7, 11, 24}, 2.0, 0.1, 5.0, 0.5, 1.5);
        Rng fresh = new Rng(5);
        Rng reusing = new Rng(5);
        SampledBatch previous = buffer.sample(12, 0.5, reusing, null);
        buffer.sample(12, 0.5, fresh);
        assertTrue(buffer.fits(previous, 12));
        for (int round = 0; round < 4; round++) {
            SampledBatch expected = buffer.sample(12, 0.7, fresh);
            SampledBatch refilled = buffer.sample(12, 0.7, reusing, previous);
            assertSame(previous, refilled);
            assertArrayEquals(expected.indices().toLongArray(), refilled.indices().toLongArray());
            assertArrayEquals(expected.weights().toFloatArray(), refilled.weights().toFloatArray());
            assertArrayEquals(expected.experience().observation().toFloatArray(),
                    refilled.experience().observation().toFloatArray());
            assertArrayEquals(expected.experience().reward().toFloatArray(),
                    refilled.experience().reward().toFloatArray());
        }
        SampledBatch unweighted = SampledBatch.uniform(previous.experience());
        assertFalse(buffer.fits(unweighted, 12), "prioritised replay needs slots and weights to refill");
        assertNotSame(unweighted, buffer.sample(12, 0.7, reusing, unweighted));
    }
}
