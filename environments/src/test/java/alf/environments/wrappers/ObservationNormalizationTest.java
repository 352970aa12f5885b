package alf.environments.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationNormalizationTest {

    private static Environment pendulums() {
        Environment env = ClassicControl.environment(Pendulum.ID, 3, 1);
        env.seed(21);
        return env;
    }

    private static Tensor action(int t) {
        return Tensor.of(new float[] {(float) Math.sin(t), -1.0f, 1.5f}, 3, 1);
    }

    @Test
    void normalisesWithStatisticsOfEveryObservationSoFar() {
        double clip = 10.0;
        try (Environment raw = pendulums();
             ObservationNormalization norm = new ObservationNormalization(pendulums(), clip, 1e-8)) {
            List<float[]> seen = new ArrayList<>();
            TimeStep r = raw.reset();
            TimeStep n = norm.reset();
            for (int t = 0; t < 50; t++) {
                float[] x = r.observation().toFloatArray();
                seen.add(x);
                float[] z = n.observation().toFloatArray();
                for (int j = 0; j < 3; j++) {
                    double mean = 0;
                    int count = 0;
                    for (float[] s : seen) {
                        for (int row = 0; row < 3; row++) {
                            mean += s[row * 3 + j];
                            count++;
                        }
                    }
                    mean /= count;
                    double var = 0;
                    for (float[] s : seen) {
                        for (int row = 0; row < 3; row++) {
                            var += (s[row * 3 + j] - mean) * (s[row * 3 + j] - mean);
                        }
                    }
                    var /= count;
                    for (int row = 0; row < 3; row++) {
                        double expected = Math.max(-clip, Math.min(clip, (x[row * 3 + j] - mean) / Math.sqrt(var + 1e-8)));
                        assertEquals((float) expected, z[row * 3 + j], 1e-5f * Math.max(1, Math.abs(expected)),
                                "step " + t + " row " + row + " element " + j);
                    }
                }
                assertEquals(3L * seen.size(), norm.statistics().count());
                r = raw.step(action(t));
                n = norm.step(action(t));
            }
        }
    }

    @Test
    void clipsToTheBoundAndTheSpecSaysSo() {
        try (ObservationNormalization norm = new ObservationNormalization(pendulums(), 0.5, 1e-8)) {
            assertEquals(-0.5, norm.observationSpec().minimum(0));
            assertEquals(0.5, norm.observationSpec().maximum(0));
            norm.reset();
            boolean hitBound = false;
            for (int t = 0; t < 30; t++) {
                for (float v : norm.step(action(t)).observation().toFloatArray()) {
                    assertTrue(Math.abs(v) <= 0.5f, "value " + v);
                    hitBound |= Math.abs(v) == 0.5f;
                }
            }
            assertTrue(hitBound);
        }
        assertThrows(IllegalArgumentException.class, () -> new ObservationNormalization(pendulums(), 0.0, 1e-8));
    }

    @Test
    void statisticsRestoreFromAStateDictAndFreezeWhenNotUpdating() {
        try (ObservationNormalization a = new ObservationNormalization(pendulums());
             ObservationNormalization b = new ObservationNormalization(pendulums())) {
            a.reset();
            for (int t = 0; t < 20; t++) {
                a.step(action(t));
            }
            StateDict saved = a.stateDict();
            b.loadStateDict(saved);
            assertEquals(a.statistics(), b.statistics());
            a.setUpdating(false);
            b.setUpdating(false);
            a.seed(77);
            b.seed(77);
            assertArrayEquals(a.reset().observation().toFloatArray(), b.reset().observation().toFloatArray());
            for (int t = 0; t < 5; t++) {
                assertArrayEquals(a.step(action(t)).observation().toFloatArray(),
                        b.step(action(t)).observation().toFloatArray());
            }
            assertEquals(63L, a.statistics().count(), "frozen statistics do not move");
            assertEquals(a.statistics(), b.statistics());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.loadStateDict(new StateDict().putDoubles("mean", saved.doubles("mean"))));
            assertTrue(e.getMessage().contains("count"), e.getMessage());
        }
    }

    @Test
    void anEvaluationCopyFollowsTheTrainingStatisticsWithoutUpdatingThem() {
        try (ObservationNormalization training = new ObservationNormalization(pendulums());
             ObservationNormalization evaluation = new ObservationNormalization(pendulums())) {
            evaluation.shareStatisticsOf(training);
            assertTrue(!evaluation.isUpdating());
            training.seed(1);
            evaluation.seed(2);
            training.reset();
            evaluation.reset();
            long before = training.statistics().count();
            evaluation.step(Tensor.zeros(3, 1));
            assertEquals(before, training.statistics().count(), "evaluation steps do not update the statistics");
            training.step(Tensor.zeros(3, 1));
            assertEquals(before + 3, evaluation.statistics().count(), "evaluation sees the training updates");
            assertArrayEquals(training.statistics().mean(), evaluation.statistics().mean());
        }
    }
}
