package alf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TimeStepTest {

    private static TimeStep sample() {
        return new TimeStep(Tensor.of(new int[] {0, 1, 2}, 3), Tensor.of(new float[] {0, 1, 2}, 3),
                Tensor.of(new float[] {1, 1, 0}, 3), Tensor.of(new float[6], 3, 2), Tensor.of(new long[] {0, 1, 1}, 3),
                Tensor.of(new int[] {0, 1, 2}, 3));
    }

    @Test
    void exposesStepTypesPerRow() {
        TimeStep ts = sample();
        assertEquals(3, ts.batchSize());
        assertTrue(ts.isFirst(0));
        assertEquals(StepType.MID, ts.stepType(1));
        assertTrue(ts.isLast(2));
        assertArrayEquals(new StepType[] {StepType.FIRST, StepType.MID, StepType.LAST}, ts.stepTypes());
        TimeStep other = ts.withReward(Tensor.of(new float[] {5, 6, 7}, 3));
        assertArrayEquals(new float[] {5, 6, 7}, other.reward().toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2}, ts.reward().toFloatArray());
    }

    @Test
    void copyHoldsItsValuesWhenTheOriginalTensorsAreOverwritten() {
        TimeStep ts = sample();
        TimeStep kept = ts.copy();
        ts.reward().fill_(9);
        ts.observation().fill_(4);
        ts.stepType().fill_(1);
        assertArrayEquals(new float[] {0, 1, 2}, kept.reward().toFloatArray());
        assertArrayEquals(new float[6], kept.observation().toFloatArray());
        assertArrayEquals(new StepType[] {StepType.FIRST, StepType.MID, StepType.LAST}, kept.stepTypes());
        assertArrayEquals(new long[] {0, 1, 1}, kept.prevAction().toLongArray());
        assertArrayEquals(new int[] {0, 1, 2}, kept.envId().toIntArray());
        assertArrayEquals(new float[] {1, 1, 0}, kept.discount().toFloatArray());
    }

    @Test
    void rejectsInconsistentBatches() {
        TimeStep ts = sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ts.withObservation(Tensor.of(new float[4], 2, 2)));
        assertTrue(e.getMessage().contains("observation") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ts.withReward(Tensor.of(new float[3], 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> new TimeStep(Tensor.of(new long[] {0}, 1),
                Tensor.of(new float[1]), Tensor.of(new float[1]), Tensor.of(new float[1]), Tensor.of(new float[1]),
                Tensor.of(new int[1])));
    }
}
