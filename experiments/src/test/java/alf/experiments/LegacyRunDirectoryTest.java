package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directories written before the algorithm/environment slots existed still load, train and resume. */
class LegacyRunDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void anOldOperativeConfigRebuildsTheSameExperimentInTheSlotLayout() throws Exception {
        Path run = dir.resolve("old");
        Files.createDirectories(run);
        Files.copy(Path.of("src/test/resources/legacy_operative.conf"), run.resolve(Experiment.OPERATIVE_CONFIG));
        String rebuilt;
        try (Experiment e = Experiment.load(run)) {
            rebuilt = e.operativeConfig().toHocon();
            e.trainer().run(false, (steps, total, ret) -> { });
        }
        assertTrue(rebuilt.contains("algorithm.class = \"SacAlgorithm\""), rebuilt);
        assertTrue(rebuilt.contains("algorithm.gamma = 0.99"), rebuilt);
        assertTrue(rebuilt.contains("environment.class = \"Environment\""), rebuilt);
        assertTrue(rebuilt.contains("environment.name = \"Pendulum-v1\""), rebuilt);
        try (Experiment resumed = Experiment.load(run)) {
            resumed.trainer().run(true, (steps, total, ret) -> { });
        }
        // the slot-layout operative configuration the old run rebuilt to is itself re-runnable, to the same values
        // (the old file as a new run's --conf fails instead: it records SacAlgorithm.optimizer, which no part uses)
        Path rebuiltFile = dir.resolve("rebuilt.conf");
        Files.writeString(rebuiltFile, rebuilt);
        Path fresh = dir.resolve("fresh");
        int note = rebuilt.indexOf("# Inoperative keys");
        assertTrue(note > 0 && rebuilt.substring(note).contains("SacAlgorithm.optimizer"), rebuilt);
        try (Experiment e = Experiment.build(List.of(rebuiltFile), List.of(), fresh)) {
            // the same values; only the old file's note on its never-used key is gone
            assertEquals(rebuilt.substring(0, note).strip(), e.operativeConfig().toHocon().strip());
        }
    }
}
