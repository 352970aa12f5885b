package alf.environments.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import alf.data.BoundedTensorSpec;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.Environment;
import alf.environments.classic.ClassicControl;
import alf.environments.wrappers.ActionRescaling;
import alf.environments.wrappers.EpisodeStatistics;
import alf.environments.wrappers.ObservationNormalization;
import alf.io.Stateful;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A batched environment restored from its checkpoint state continues bit-identically. */
class EnvironmentCheckpointTest {

    private static Tensor randomAction(BoundedTensorSpec spec, int b, Rng rng) {
        double[] v = new double[b * spec.numel()];
        for (int i = 0; i < v.length; i++) {
            int k = i % spec.numel();
            v[i] = spec.isDiscrete() ? spec.minimum(k) + rng.nextLong((long) (spec.maximum(k) - spec.minimum(k)) + 1)
                    : spec.minimum(k) + (spec.maximum(k) - spec.minimum(k)) * rng.nextDouble();
        }
        return Tensor.of(v, spec.batchedShape(b)).to(spec.dtype());
    }

    private static Environment build(String id, int threads) {
        Environment env = new ObservationNormalization(ClassicControl.environment(id, 3, threads), 5.0, 1e-8);
        if (env.actionSpec().isFloatingPoint()) {
            env = new ActionRescaling(env);
        }
        return new EpisodeStatistics(env);
    }

    private static List<double[]> run(Environment env, Rng rng, int steps) {
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            TimeStep ts = env.step(randomAction(env.actionSpec(), env.batchSize(), rng));
            out.add(ts.observation().toDoubleArray());
            out.add(ts.reward().toDoubleArray());
            out.add(ts.stepType().toDoubleArray());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"Pendulum-v1,1", "CartPole-v1,1", "Acrobot-v1,2", "MountainCarContinuous-v0,2"})
    void restoredEnvironmentContinuesIdentically(String id, int threads) {
        Environment a = build(id, threads);
        a.seed(11);
        a.reset();
        Rng actions = new Rng(3);
        run(a, actions, 230);
        StateDict saved = ((Stateful) a).stateDict();
        Rng actionsCopy = actions.copy();
        List<double[]> expected = run(a, actions, 300);

        Environment b = build(id, threads);
        ((Stateful) b).loadStateDict(saved);
        List<double[]> actual = run(b, actionsCopy, 300);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0.0, id + " record " + i);
        }
        assertEquals(((EpisodeStatistics) a).totalEpisodes(), ((EpisodeStatistics) b).totalEpisodes());
        a.close();
        b.close();
    }

    @ParameterizedTest
    @CsvSource({"Pendulum-v1"})
    void wrongBatchSizeIsRejected(String id) {
        Environment a = ClassicControl.environment(id, 3, 1);
        a.seed(1);
        a.reset();
        StateDict saved = ((Stateful) a).stateDict();
        Environment b = ClassicControl.environment(id, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> ((Stateful) b).loadStateDict(saved));
    }
}
