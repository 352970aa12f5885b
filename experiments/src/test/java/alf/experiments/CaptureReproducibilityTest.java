package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import alf.algorithms.sac.SacAlgorithm;
import alf.tensor.plan.CapturedStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning behaviour does not depend on how the update runs: the same config and seed give byte-identical metrics
 * files with the SAC update, the rollout sample and the greedy action of evaluation replayed from captured plans
 * ({@code SacAlgorithm.capture = true}, the default) and run eagerly ({@code capture = false}), through the whole
 * trainer (collection, replay, updates, evaluation, checkpoints), for continuous (Pendulum) and discrete (CartPole)
 * actions.
 */
class CaptureReproducibilityTest {

    /** A tiny discrete SAC run on CartPole-v1, whose evaluation episodes end at different steps. */
    private static final String TINY_CARTPOLE = """
            Environment { name = "CartPole-v1", numEnvs = 2 }
            TrainerConfig {
              numEnvSteps = 1500
              initialCollectSteps = 300
              batchSize = 32
              replayCapacity = 1500
              evalInterval = 500
              numEvalEpisodes = 3
              checkpointInterval = 1000
              keepCheckpoints = 2
              seed = 3
            }
            SacAlgorithm {
              criticHiddenSizes = [16, 16]
            }
            """;

    /** Trains, and returns where the greedy action's capture stands at the end. */
    private static CapturedStep.Phase train(Path conf, List<String> params, Path runDir) {
        try (Experiment e = Experiment.build(List.of(conf), params, runDir)) {
            e.trainer().run(false, (s, t, r) -> { });
            return ((SacAlgorithm) e.algorithm()).greedyActionPhase();
        }
    }

    private static void checkCapturedMatchesEager(String config, Path tmp, int metricsLines) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, config);
        assertEquals(CapturedStep.Phase.REPLAYING, train(conf, List.of("SacAlgorithm.capture=true"),
                tmp.resolve("captured")), "evaluation replays the greedy action");
        assertNull(train(conf, List.of("SacAlgorithm.capture=false"), tmp.resolve("eager")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("eager/metrics.csv")),
                Files.readAllBytes(tmp.resolve("captured/metrics.csv")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("eager/metrics.jsonl")),
                Files.readAllBytes(tmp.resolve("captured/metrics.jsonl")));
        assertEquals(metricsLines, Files.readAllLines(tmp.resolve("captured/metrics.csv")).size());
    }

    @Test
    void capturedAndEagerUpdatesGiveByteIdenticalMetrics(@TempDir Path tmp) throws IOException {
        checkCapturedMatchesEager(ReproducibilityTest.TINY, tmp, 6);
    }

    @Test
    void capturedAndEagerDiscreteRunsGiveByteIdenticalMetrics(@TempDir Path tmp) throws IOException {
        checkCapturedMatchesEager(TINY_CARTPOLE, tmp, 5);
    }
}
