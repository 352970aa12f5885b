package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning behaviour does not depend on how the update runs: the same config and seed give byte-identical metrics
 * files with the SAC update replayed from captured plans ({@code SacAlgorithm.capture = true}, the default) and run
 * eagerly ({@code capture = false}), through the whole trainer (collection, replay, updates, evaluation, checkpoints).
 */
class CaptureReproducibilityTest {

    private static void train(Path conf, List<String> params, Path runDir) {
        try (Experiment e = Experiment.build(List.of(conf), params, runDir)) {
            e.trainer().run(false, (s, t, r) -> { });
        }
    }

    @Test
    void capturedAndEagerUpdatesGiveByteIdenticalMetrics(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY);
        train(conf, List.of("SacAlgorithm.capture=true"), tmp.resolve("captured"));
        train(conf, List.of("SacAlgorithm.capture=false"), tmp.resolve("eager"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("eager/metrics.csv")),
                Files.readAllBytes(tmp.resolve("captured/metrics.csv")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("eager/metrics.jsonl")),
                Files.readAllBytes(tmp.resolve("captured/metrics.jsonl")));
        assertEquals(6, Files.readAllLines(tmp.resolve("captured/metrics.csv")).size());
    }
}
