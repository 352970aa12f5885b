package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped training config (configs/*.conf with a TrainerConfig block) builds and trains for a few iterations,
 * with its networks shrunk and its step counts cut by overrides, so that a config broken by a change fails here.
 */
class ShippedTrainingConfigsTest {

    private static final Path CONFIGS = Path.of("..", "configs");

    static Stream<Path> trainingConfigs() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(CONFIGS)) {
            files = listed.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        List<Path> training = files.stream().filter(p -> {
            try {
                return Files.readString(p).contains("TrainerConfig {");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertFalse(training.isEmpty());
        return training.stream();
    }

    @ParameterizedTest
    @MethodSource("trainingConfigs")
    void buildsAndTrainsAFewIterations(Path config, @TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        List<String> small = List.of("TrainerConfig.numEnvSteps=40", "TrainerConfig.initialCollectSteps=20",
                "TrainerConfig.batchSize=8", "TrainerConfig.evalInterval=40", "TrainerConfig.numEvalEpisodes=1",
                "TrainerConfig.checkpointInterval=40", "algorithm.criticHiddenSizes=[8]");
        try (Experiment e = Experiment.build(List.of(config), small, run)) {
            e.trainer().run(false, (steps, total, ret) -> { });
        }
        assertTrue(Files.readString(run.resolve("metrics.csv")).lines().count() >= 2, config + " wrote no metrics");
        assertTrue(Files.exists(run.resolve(Experiment.OPERATIVE_CONFIG)));
    }
}
