package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.sweep.SweepSpec;
import alf.experiments.sweep.Trial;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped comparison and sweep files parse, and every one of their trials builds through the config binder (so
 * no key is unknown, mistyped or inoperative) — without training.
 */
class ShippedSweepConfigsTest {
    private static final Path CONFIGS = Path.of("..", "configs");

    @TempDir
    Path dir;

    @Test
    void adamVsAdamTfComparisonBuildsEveryTrial() {
        SweepSpec spec = SweepSpec.read(CONFIGS.resolve("compare_adam_vs_adamtf.conf"), SweepSpec.COMPARISON_BLOCK);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), spec.seeds());
        List<Trial> trials = spec.trials(dir);
        assertEquals(10, trials.size());
        for (Trial t : trials) {
            try (Experiment e = Experiment.assemble(t.configFiles(), t.params(), t.runDir())) {
                assertEquals(20000, e.trainerConfig().numEnvSteps());
                assertEquals(t.seed(), e.trainerConfig().seed());
                String operative = e.operativeConfig().toHocon();
                String cls = t.combination().label().equals("AdamTF") ? "AdamTF" : "Adam";
                for (String opt : List.of("actorOptimizer", "criticOptimizer", "alphaOptimizer")) {
                    assertTrue(operative.contains("algorithm." + opt + " = {\"amsgrad\":false,\"beta1\":0.9,"
                            + "\"beta2\":0.999,\"class\":\"" + cls + "\",\"eps\":"
                            + (cls.equals("AdamTF") ? "1.0E-7" : "1.0E-8")), operative);
                }
            }
        }
        assertEquals(List.of("Adam", "AdamTF"), spec.combinations().stream().map(c -> c.label()).toList());
    }

    @Test
    void sweepExampleBuildsEveryTrial() {
        SweepSpec spec = SweepSpec.read(CONFIGS.resolve("sweep_example.conf"), SweepSpec.SWEEP_BLOCK);
        List<Trial> trials = spec.trials(dir);
        assertEquals(8, trials.size());
        for (Trial t : trials) {
            try (Experiment e = Experiment.assemble(t.configFiles(), t.params(), t.runDir())) {
                assertEquals(5000, e.trainerConfig().numEnvSteps());
            }
        }
    }
}
