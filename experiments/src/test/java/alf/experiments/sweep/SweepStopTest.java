package alf.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.TinyConfigs;
import alf.io.Checkpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep stopped part-way ({@link SweepStop}, what Ctrl-C asks of {@code alf sweep}): the trial in progress is
 * checkpointed at the step it reached, the next trial is not started, and running the sweep again finishes both with
 * the metrics of a sweep that was never stopped.
 */
class SweepStopTest {
    @TempDir
    Path dir;

    @Test
    void aStoppedSweepCheckpointsTheRunningTrialStartsNoOtherAndResumesExactly() throws IOException {
        TinyConfigs.base(dir);
        Path conf = dir.resolve("two_seeds.conf");
        Files.writeString(conf, """
                Sweep {
                  base = "tiny_sac_pendulum.conf"
                  params = [ "TrainerConfig.checkpointInterval = 0" ]
                  seeds = [1, 2]
                }
                """);
        SweepSpec spec = SweepSpec.read(conf, "Sweep");
        List<Trial> trials = spec.trials(dir.resolve("stopped"));
        List<String> log = new ArrayList<>();
        SweepStop stop = new SweepStop();
        Map<Trial, TrialStatus> first = new SweepRunner(1, log::add, stop).run(trials, 600, (steps, total, ret) -> {
            if (steps >= 150) {
                stop.request();
            }
        });

        assertEquals(Map.of(trials.get(0), TrialStatus.NEW), first, "only the first trial started");
        List<Long> steps = new Checkpointer(trials.get(0).runDir().resolve("checkpoints"), 3).steps();
        assertEquals(1, steps.size(), "one checkpoint, written by the stop: " + steps);
        assertTrue(steps.get(0) >= 150 && steps.get(0) < 300, "checkpointed at the step reached: " + steps);
        assertFalse(Files.exists(trials.get(1).runDir().resolve("metrics.csv")), "the second trial never trained");
        assertTrue(log.get(0).startsWith("stopped with a checkpoint"), log.toString());
        assertTrue(log.get(1).startsWith("not started"), log.toString());

        Map<Trial, TrialStatus> second = new SweepRunner(1, line -> { }).run(trials, 600, (s, t, r) -> { });
        assertEquals(List.of(TrialStatus.INTERRUPTED, TrialStatus.NEW), List.copyOf(second.values()));

        List<Trial> uninterrupted = spec.trials(dir.resolve("uninterrupted"));
        new SweepRunner(1, line -> { }).run(uninterrupted, 600, (s, t, r) -> { });
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(Files.readString(uninterrupted.get(i).runDir().resolve("metrics.csv")),
                    Files.readString(trials.get(i).runDir().resolve("metrics.csv")),
                    "metrics of " + trials.get(i).name() + " as if never stopped");
        }
    }
}
