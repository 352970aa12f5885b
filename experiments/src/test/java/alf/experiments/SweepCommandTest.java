package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.sweep.SweepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alf sweep} on a tiny grid: one run directory per combination and seed, one table row per combination. */
class SweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void gridSweepRunsEveryCombinationAndReportsOneRowEach() throws IOException {
        TinyConfigs.base(dir);
        Path conf = dir.resolve("tiny_sweep.conf");
        Files.writeString(conf, """
                Sweep {
                  base = "tiny_sac_pendulum.conf"
                  params = [ "TrainerConfig.numEnvSteps = 200" ]
                  grid { "SacAlgorithm.gamma" = [0.9, 0.99] }
                  seeds = [7]
                }
                """);
        Path out = dir.resolve("out");
        assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--out", out.toString(), "--quiet"));
        for (String combo : List.of("SacAlgorithm.gamma=0.9", "SacAlgorithm.gamma=0.99")) {
            Path run = out.resolve(combo).resolve("seed-7");
            String operative = Files.readString(run.resolve("operative.conf"));
            assertTrue(operative.contains(combo.replace("SacAlgorithm.", "algorithm.").replace("=", " = ")),
                    operative);
            assertTrue(operative.contains("TrainerConfig.seed = 7"), operative);
            assertTrue(operative.contains("TrainerConfig.numEnvSteps = 200"), operative);
        }
        List<String> rows = Files.readAllLines(out.resolve(SweepReport.SUMMARY_CSV));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).startsWith("SacAlgorithm.gamma=0.9,7,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("SacAlgorithm.gamma=0.99,7,"), rows.get(2));
        List<String> curves = Files.readAllLines(out.resolve(SweepReport.CURVES_CSV));
        assertEquals("combination,env_steps,eval_return_mean,eval_return_std,seeds", curves.get(0));
        assertEquals(1 + 2 * 3, curves.size(), "evaluations at 0, 150 and 200 steps per combination");
        assertTrue(Files.exists(out.resolve(SweepReport.INDEX_HTML)));
        assertTrue(Files.exists(out.resolve(SweepReport.PLOT)));
    }

    @Test
    void badOptionsAreRefused() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 1);
        assertEquals(1, Alf.execute("compare", "--conf", conf.toString(), "--seeds", "0", "--quiet"));
        assertEquals(1, Alf.execute("compare", "--conf", conf.toString(), "--parallel", "0", "--quiet",
                "--out", dir.resolve("o").toString()));
        assertEquals(1, Alf.execute("sweep", "--conf", conf.toString(), "--quiet"), "a Comparison file is no Sweep");
    }

    @Test
    void aKeyNoTrialUsesFailsBeforeAnyTrialTrains() throws IOException {
        TinyConfigs.base(dir);
        Path conf = dir.resolve("unused_key.conf");
        Files.writeString(conf, """
                Sweep {
                  base = "tiny_sac_pendulum.conf"
                  params = [ "TrainerConfig.numEnvSteps = 200" ]
                  grid { "SacAlgorithm.gamma" = [0.9, 0.99] }
                  variants { plain = [], typo = [ "Sgd.lr = 0.1" ] }
                  seeds = [7]
                }
                """);
        Path out = dir.resolve("out");
        assertEquals(1, Alf.execute("sweep", "--conf", conf.toString(), "--out", out.toString(), "--quiet"));
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("metrics.csv")),
                    "no trial may train when one trial's configuration is wrong");
        }
    }
}
