package alf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    private static final TensorSpec OBS = new TensorSpec(new int[] {2}, DType.FLOAT32, "obs");
    private static final TensorSpec ACT = new TensorSpec(new int[] {1}, DType.FLOAT32, "act");

    /** n transitions whose fields all encode their index i (obs = [i, -i], action = [i], reward = i, ...). */
    private static Experience batch(int from, int n) {
        float[] obs = new float[2 * n];
        float[] act = new float[n];
        float[] rew = new float[n];
        float[] disc = new float[n];
        float[] next = new float[2 * n];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            obs[2 * k] = i;
            obs[2 * k + 1] = -i;
            act[k] = i;
            rew[k] = i;
            disc[k] = i % 2;
            next[2 * k] = i + 0.5f;
            next[2 * k + 1] = -i - 0.5f;
        }
        return new Experience(Tensor.of(obs, n, 2), Tensor.of(act, n, 1), Tensor.of(rew), Tensor.of(disc),
                Tensor.of(next, n, 2));
    }

    private static void assertConsistent(Experience e) {
        float[] obs = e.observation().toFloatArray();
        float[] act = e.action().toFloatArray();
        float[] rew = e.reward().toFloatArray();
        float[] next = e.nextObservation().toFloatArray();
        for (int k = 0; k < e.size(); k++) {
            assertEquals(rew[k], act[k]);
            assertEquals(rew[k], obs[2 * k]);
            assertEquals(-rew[k], obs[2 * k + 1]);
            assertEquals(rew[k] + 0.5f, next[2 * k]);
        }
    }

    @Test
    void ringOverwritesOldestAndSamplesOnlyStoredRows() {
        ReplayBuffer buffer = new ReplayBuffer(5, OBS, ACT);
        buffer.add(batch(0, 3));
        assertEquals(3, buffer.size());
        buffer.add(batch(3, 4));
        assertEquals(5, buffer.size());
        Set<Float> seen = new HashSet<>();
        Experience s = buffer.sample(200, new Rng(1));
        assertConsistent(s);
        for (float r : s.reward().toFloatArray()) {
            seen.add(r);
        }
        assertEquals(Set.of(2f, 3f, 4f, 5f, 6f), seen, "rows 0 and 1 were overwritten");
    }

    @Test
    void batchLargerThanCapacityKeepsTheNewest() {
        ReplayBuffer buffer = new ReplayBuffer(3, OBS, ACT);
        buffer.add(batch(0, 7));
        Set<Float> seen = new HashSet<>();
        for (float r : buffer.sample(100, new Rng(2)).reward().toFloatArray()) {
            seen.add(r);
        }
        assertEquals(Set.of(4f, 5f, 6f), seen);
    }

    @Test
    void stateRoundTripResumesIdentically() {
        ReplayBuffer a = new ReplayBuffer(6, OBS, ACT);
        a.add(batch(0, 4));
        ReplayBuffer b = new ReplayBuffer(6, OBS, ACT);
        b.loadStateDict(a.stateDict());
        a.add(batch(4, 5));
        b.add(batch(4, 5));
        Experience sa = a.sample(16, new Rng(9));
        Experience sb = b.sample(16, new Rng(9));
        assertArrayEquals(sa.observation().toFloatArray(), sb.observation().toFloatArray());
        assertArrayEquals(sa.discount().toFloatArray(), sb.discount().toFloatArray());
    }

    @Test
    void errorsNameTheProblem() {
        ReplayBuffer buffer = new ReplayBuffer(4, OBS, ACT);
        assertThrows(IllegalStateException.class, () -> buffer.sample(1, new Rng(0)));
        Experience wrong = new Experience(Tensor.zeros(2, 3), Tensor.zeros(2, 1), Tensor.zeros(2), Tensor.zeros(2),
                Tensor.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.add(wrong));
        assertTrue(e.getMessage().contains("observation") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void transitionsFromLastStepsAreSkipped() {
        Tensor stepTypes = Tensor.of(new int[] {StepType.MID.code(), StepType.LAST.code(), StepType.FIRST.code()});
        Tensor ids = Tensor.of(new int[] {0, 1, 2});
        TimeStep prev = new TimeStep(stepTypes, Tensor.zeros(3), Tensor.ones(3), Tensor.of(new float[] {0, 0, 1, 1, 2, 2}, 3, 2),
                Tensor.zeros(3, 1), ids);
        TimeStep next = new TimeStep(Tensor.of(new int[] {2, 0, 1}), Tensor.of(new float[] {1, 0, 3}),
                Tensor.of(new float[] {0, 1, 1}), Tensor.of(new float[] {5, 5, 6, 6, 7, 7}, 3, 2), Tensor.zeros(3, 1), ids);
        Experience e = Experience.fromSteps(prev, Tensor.of(new float[] {10, 11, 12}, 3, 1), next);
        assertEquals(2, e.size());
        assertArrayEquals(new float[] {10, 12}, e.action().toFloatArray());
        assertArrayEquals(new float[] {1, 3}, e.reward().toFloatArray());
        assertArrayEquals(new float[] {0, 1}, e.discount().toFloatArray());
        assertArrayEquals(new float[] {5, 5, 7, 7}, e.nextObservation().toFloatArray());
    }

    @Test
    void positionWrapsAndRowsReadStoredSlots() {
        ReplayBuffer buffer = new ReplayBuffer(4, OBS, ACT);
        assertEquals(0, buffer.position());
        buffer.add(batch(0, 3));
        assertEquals(3, buffer.position());
        buffer.add(batch(3, 2)); // slot 3, then wraps onto slot 0
        assertEquals(1, buffer.position());
        Experience rows = buffer.rows(Tensor.of(new long[] {0, 3, 1}));
        assertArrayEquals(new float[] {4, 3, 1}, rows.reward().toFloatArray());
        assertConsistent(rows);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buffer.rows(Tensor.of(new long[] {4})));
        assertTrue(e.getMessage().contains("slot 4"), e.getMessage());
    }

    @Test
    void samplingIntoThePreviousBatchDrawsTheSameRowsAndReusesItsTensors() {
        ReplayBuffer buffer = new ReplayBuffer(50, OBS, ACT);
        buffer.add(batch(1, 37)); // from 1: row 0 would hold obs [0, -0] and assertConsistent compares -0 with 0
        Rng fresh = new Rng(9);
        Rng reusing = new Rng(9);
        SampledBatch previous = buffer.sample(16, 0.0, reusing, null);
        assertTrue(buffer.fits(previous, 16));
        buffer.sample(16, 0.0, fresh);
        for (int round = 0; round < 5; round++) {
            Experience expected = buffer.sample(16, 0.0, fresh).experience();
            int version = previous.experience().observation().storage().version();
            SampledBatch refilled = buffer.sample(16, 0.0, reusing, previous);
            assertSame(previous, refilled, "a fitting batch is refilled, not replaced");
            assertTrue(refilled.experience().observation().storage().version() > version, "the refill bumps the version");
            assertConsistent(refilled.experience());
            assertArrayEquals(expected.reward().toFloatArray(), refilled.experience().reward().toFloatArray());
            assertArrayEquals(expected.discount().toFloatArray(), refilled.experience().discount().toFloatArray());
            assertArrayEquals(expected.nextObservation().toFloatArray(),
                    refilled.experience().nextObservation().toFloatArray());
        }
    }

    @Test
    void aBatchThatDoesNotFitIsReplacedWithTheSameDraws() {
        ReplayBuffer buffer = new ReplayBuffer(20, OBS, ACT);
        buffer.add(batch(0, 20));
        SampledBatch eight = buffer.sample(8, 0.0, new Rng(3), null);
        assertFalse(buffer.fits(eight, 9), "another batch size");
        SampledBatch nine = buffer.sample(9, 0.0, new Rng(4), eight);
        assertNotSame(eight, nine);
        assertArrayEquals(buffer.sample(9, new Rng(4)).reward().toFloatArray(),
                nine.experience().reward().toFloatArray());
        Experience e = eight.experience();
        SampledBatch needsGrad = SampledBatch.uniform(new Experience(e.observation().copy().setRequiresGrad(true),
                e.action(), e.reward(), e.discount(), e.nextObservation()));
        assertFalse(buffer.fits(needsGrad, 8), "a tensor that needs a gradient is never overwritten");
        SampledBatch float64 = SampledBatch.uniform(new Experience(e.observation().to(DType.FLOAT64), e.action(),
                e.reward(), e.discount(), e.nextObservation()));
        assertFalse(buffer.fits(float64, 8), "another dtype");
        SampledBatch weighted = new SampledBatch(e, null, Tensor.ones(8));
        assertFalse(buffer.fits(weighted, 8), "uniform replay draws no weights");
        assertFalse(buffer.fits(null, 8));
    }

    @Test
    void fromStepsKeepsEveryRowWithoutALastStepAndRejectsUnknownCodes() {
        Tensor ids = Tensor.of(new int[] {0, 1});
        TimeStep next = new TimeStep(Tensor.of(new int[] {1, 1}), Tensor.of(new float[] {1, 2}), Tensor.ones(2),
                Tensor.of(new float[] {5, 5, 6, 6}, 2, 2), Tensor.zeros(2, 1), ids);
        Tensor action = Tensor.of(new float[] {10, 11}, 2, 1);
        TimeStep mid = new TimeStep(Tensor.of(new int[] {1, 0}), Tensor.zeros(2), Tensor.ones(2), Tensor.zeros(2, 2),
                Tensor.zeros(2, 1), ids);
        assertSame(action, Experience.fromSteps(mid, action, next).action(), "every row kept: no selection");
        TimeStep firstEnded = new TimeStep(Tensor.of(new int[] {2, 1}), Tensor.zeros(2), Tensor.ones(2),
                Tensor.zeros(2, 2), Tensor.zeros(2, 1), ids);
        assertArrayEquals(new float[] {11}, Experience.fromSteps(firstEnded, action, next).action().toFloatArray());
        TimeStep unknown = new TimeStep(Tensor.of(new int[] {1, 7}), Tensor.zeros(2), Tensor.ones(2),
                Tensor.zeros(2, 2), Tensor.zeros(2, 1), ids);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experience.fromSteps(unknown, action, next));
        assertTrue(e.getMessage().contains("unknown code 7"), e.getMessage());
    }
}
