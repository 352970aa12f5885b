package alf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link ExperienceReplay#add(TimeStep, Tensor, TimeStep)} stores exactly what {@code add(Experience.fromSteps(...))}
 * stores — every row within an episode, the rows after a LAST step skipped, through the ring's wrap-around — in both
 * buffers, with the maximum priority for new prioritised rows.
 */
class TransitionAddTest {
    private static final TensorSpec OBS = new TensorSpec(new int[] {2}, DType.FLOAT32, "obs");
    private static final TensorSpec ACT = new TensorSpec(new int[] {1}, DType.INT64, "act");

    /** A time step of 3 rows with the given step types and values that encode {@code t} and the row. */
    private static TimeStep step(int t, int... types) {
        int b = types.length;
        float[] obs = new float[2 * b];
        float[] reward = new float[b];
        float[] discount = new float[b];
        for (int i = 0; i < b; i++) {
            obs[2 * i] = 10 * t + i;
            obs[2 * i + 1] = -(10 * t + i);
            reward[i] = t + 0.25f * i;
            discount[i] = types[i] == StepType.LAST.code() ? 0 : 1;
        }
        return new TimeStep(Tensor.of(types, b), Tensor.of(reward), Tensor.of(discount), Tensor.of(obs, b, 2),
                Tensor.zeros(DType.INT64, b, 1), Tensor.of(new int[] {0, 1, 2}));
    }

    private static Tensor actions(int t) {
        return Tensor.of(new long[] {t, 100 + t, 200 + t}, 3, 1);
    }

    private static final int F = StepType.FIRST.code();
    private static final int M = StepType.MID.code();
    private static final int L = StepType.LAST.code();

    /** Steps through episode boundaries in some rows: rows after a LAST are skipped. */
    private static final int[][] TYPES = {{F, F, F}, {M, M, L}, {M, L, F}, {L, F, M}, {F, M, M}, {M, M, L},
        {M, M, F}};

    @Test
    void addingTimeStepsStoresWhatFromStepsGives() {
        for (int capacity : new int[] {7, 2, 1}) { // 2 and 1: fewer slots than a batch's rows
            addSameAsFromSteps(capacity);
        }
    }

    private static void addSameAsFromSteps(int capacity) {
        ReplayBuffer direct = new ReplayBuffer(capacity, OBS, ACT);
        ReplayBuffer viaExperience = new ReplayBuffer(capacity, OBS, ACT);
        PrioritizedReplayBuffer prioritized = new PrioritizedReplayBuffer(capacity, OBS, ACT, 0.6, 1e-6);
        for (int t = 1; t < TYPES.length; t++) {
            TimeStep previous = step(t - 1, TYPES[t - 1]);
            TimeStep next = step(t, TYPES[t]);
            direct.add(previous, actions(t), next);
            viaExperience.add(Experience.fromSteps(previous, actions(t), next));
            prioritized.add(previous, actions(t), next);
            assertEquals(viaExperience.position(), direct.position());
        }
        assertEquals(viaExperience.size(), direct.size());
        assertEquals(capacity, direct.size(), "the ring wrapped");
        Tensor all = Tensor.arange(direct.size());
        assertSameRows(viaExperience.rows(all), direct.rows(all));
        assertEquals(direct.size(), prioritized.size());
        for (int slot = 0; slot < direct.size(); slot++) {
            assertEquals(1.0, prioritized.priority(slot), "new transitions get the maximum priority");
        }
        SampledBatch sampled = prioritized.sample(capacity, 1.0, new Rng(0));
        assertSameRows(direct.rows(sampled.indices()), sampled.experience());
    }

    @Test
    void mismatchedBatchesAreRejectedNamingTheShapes() {
        ReplayBuffer buffer = new ReplayBuffer(4, OBS, ACT);
        TimeStep previous = step(0, F, F, F);
        TimeStep next = step(1, M, M, M);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buffer.add(previous, Tensor.zeros(DType.INT64, 2, 1), next));
        assertTrue(e.getMessage().contains("action [2, 1]"), e.getMessage());
        assertEquals(0, buffer.size());
    }

    private static void assertSameRows(Experience expected, Experience actual) {
        assertArrayEquals(expected.observation().toFloatArray(), actual.observation().toFloatArray());
        assertArrayEquals(expected.action().toLongArray(), actual.action().toLongArray());
        assertArrayEquals(expected.reward().toFloatArray(), actual.reward().toFloatArray());
        assertArrayEquals(expected.discount().toFloatArray(), actual.discount().toFloatArray());
        assertArrayEquals(expected.nextObservation().toFloatArray(), actual.nextObservation().toFloatArray());
    }
}
