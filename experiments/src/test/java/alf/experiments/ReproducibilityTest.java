package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.Checkpointer;
import alf.io.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproducibility contract of training: the same config and seed give byte-identical metrics files, and a run
 * stopped after a checkpoint and resumed gives the very same files as one that never stopped.
 */
class ReproducibilityTest {

    /** A small but complete SAC run on Pendulum-v1 (every component exercised, seconds to run). */
    static final String TINY = """
            Environment { name = "Pendulum-v1", numEnvs = 2 }
            TrainerConfig {
              numEnvSteps = 2000
              initialCollectSteps = 300
              batchSize = 32
              replayCapacity = 1500
              evalInterval = 500
              numEvalEpisodes = 2
              checkpointInterval = 1000
              keepCheckpoints = 2
              seed = 7
            }
            SacAlgorithm {
              actorHiddenSizes = [16, 16]
              criticHiddenSizes = [16, 16]
              actorOptimizer = { class = Adam, lr = 1e-3, scope = actor }
              criticOptimizer = { class = AdamTF, lr = 1e-3, scope = critic }
            }
            """;

    private static Path writeConf(Path dir) throws IOException {
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, TINY);
        return conf;
    }

    /** The TINY run with prioritised experience replay switched on from the command line's --param overrides. */
    static final List<String> PRIORITIZED = List.of("TrainerConfig.prioritizedReplay=true",
            "TrainerConfig.priorityAlpha=0.7", "TrainerConfig.priorityBeta=0.5");

    private static void train(Path conf, Path runDir) {
        train(conf, List.of(), runDir);
    }

    private static void train(Path conf, List<String> params, Path runDir) {
        try (Experiment e = Experiment.build(List.of(conf), params, runDir)) {
            e.trainer().run(false, (s, t, r) -> { });
        }
    }

    /** Signals a simulated crash from the progress callback. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void sameSeedGivesByteIdenticalMetrics(@TempDir Path tmp) throws IOException {
        Path conf = writeConf(tmp);
        train(conf, tmp.resolve("a"));
        train(conf, tmp.resolve("b"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/metrics.csv")), Files.readAllBytes(tmp.resolve("b/metrics.csv")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/metrics.jsonl")),
                Files.readAllBytes(tmp.resolve("b/metrics.jsonl")));
        assertEquals(Files.readString(tmp.resolve("a/operative.conf")), Files.readString(tmp.resolve("b/operative.conf")));
        // 0, 500, ..., 2000: five evaluation rows after the header
        assertEquals(6, Files.readAllLines(tmp.resolve("a/metrics.csv")).size());
    }

    @Test
    void resumedRunContinuesBitIdentically(@TempDir Path tmp) throws IOException {
        assertResumeIsBitIdentical(tmp, List.of());
    }

    @Test
    void resumedPrioritizedRunContinuesBitIdentically(@TempDir Path tmp) throws IOException {
        assertResumeIsBitIdentical(tmp, PRIORITIZED);
        StateDict state = new Checkpointer(tmp.resolve("interrupted/checkpoints"), 2).loadLatest()
                .orElseThrow().state();
        StateDict replay = state.dict("replay");
        assertTrue(replay.has("priorities") && replay.has("maxPriority"),
                "the checkpoint holds the prioritised buffer, got keys " + replay.keys());
        double[] priorities = replay.doubles("priorities");
        assertEquals(1500, priorities.length);
        assertTrue(java.util.Arrays.stream(priorities).distinct().count() > 1, "priorities were updated");
    }

    private static void assertResumeIsBitIdentical(Path tmp, List<String> params) throws IOException {
        Path interrupted = assertResumeIsBitIdentical(tmp, writeConf(tmp), params, 1200, 1000);
        assertTrue(Files.readString(interrupted.resolve("metrics.csv")).contains("\n2000,"));
        // wall time keeps counting across the resume: the resumed rows continue past the first session's time
        List<String> timing = Files.readAllLines(interrupted.resolve("timing.csv"));
        double atCheckpoint = Double.parseDouble(timing.get(3).split(",")[1]);
        double last = Double.parseDouble(timing.get(timing.size() - 1).split(",")[1]);
        assertEquals("1000", timing.get(3).split(",")[0]);
        assertTrue(last > atCheckpoint, timing.toString());
    }

    /**
     * Trains {@code conf} straight through, and again with a crash once {@code crashAfter} steps are done (after the
     * only checkpoint, at {@code checkpoint}) followed by a resume; asserts both give the same metrics files, byte
     * for byte, and returns the interrupted run's directory.
     */
    static Path assertResumeIsBitIdentical(Path tmp, Path conf, List<String> params, long crashAfter,
                                           long checkpoint) throws IOException {
        Path straight = tmp.resolve("straight");
        train(conf, params, straight);
        Path interrupted = tmp.resolve("interrupted");
        try (Experiment e = Experiment.build(List.of(conf), params, interrupted)) {
            assertThrows(Crash.class, () -> e.trainer().run(false, (steps, total, ret) -> {
                if (steps >= crashAfter) {
                    throw new Crash(); // dies after the checkpoint, with metrics already written past it
                }
            }));
        }
        assertEquals(List.of(checkpoint), new Checkpointer(interrupted.resolve("checkpoints"), 2).steps());
        try (Experiment e = Experiment.load(interrupted)) {
            e.trainer().run(true, (s, t, r) -> { });
        }
        assertArrayEquals(Files.readAllBytes(straight.resolve("metrics.csv")),
                Files.readAllBytes(interrupted.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("metrics.jsonl")),
                Files.readAllBytes(interrupted.resolve("metrics.jsonl")));
        return interrupted;
    }

    @Test
    void aRunStoppedOnRequestCheckpointsItsCurrentStepAndResumesBitIdentically(@TempDir Path tmp)
            throws IOException {
        Path conf = writeConf(tmp);
        Path straight = tmp.resolve("straight");
        train(conf, straight);
        Path stopped = tmp.resolve("stopped");
        try (Experiment e = Experiment.build(List.of(conf), List.of(), stopped)) {
            // asked between evaluations and checkpoints (at 1,300 of 2,000 steps, interval 1,000, evals every 500)
            e.trainer().run(false, (steps, total, ret) -> {
                if (steps == 1300) {
                    e.trainer().requestStop();
                }
            });
            assertTrue(e.trainer().stoppedEarly());
            assertEquals(1300, e.trainer().envSteps());
        }
        assertEquals(List.of(1000L, 1300L), new Checkpointer(stopped.resolve("checkpoints"), 2).steps());
        try (Experiment e = Experiment.load(stopped)) {
            e.trainer().run(true, (s, t, r) -> { });
            assertTrue(!e.trainer().stoppedEarly());
        }
        assertArrayEquals(Files.readAllBytes(straight.resolve("metrics.csv")),
                Files.readAllBytes(stopped.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(straight.resolve("metrics.jsonl")),
                Files.readAllBytes(stopped.resolve("metrics.jsonl")));
    }

    @Test
    void resumedBox2DRunContinuesBitIdentically(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("lander.conf");
        Files.writeString(conf, """
                environment = { class = Environment, name = "LunarLanderContinuous-v3", numEnvs = 2 }
                TrainerConfig {
                  numEnvSteps = 400, initialCollectSteps = 100, batchSize = 16, replayCapacity = 1000,
                  evalInterval = 200, numEvalEpisodes = 1, checkpointInterval = 200, keepCheckpoints = 2, seed = 3
                }
                algorithm = { class = SacAlgorithm, actorHiddenSizes = [8], criticHiddenSizes = [8] }
                """);
        Path interrupted = assertResumeIsBitIdentical(tmp, conf, List.of(), 260, 200);
        assertTrue(Files.readString(interrupted.resolve("metrics.csv")).contains("\n400,"));
    }
}
