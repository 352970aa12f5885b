package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.sweep.SummaryTable;
import alf.experiments.sweep.SweepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alf compare} end to end on a tiny SAC config: two runs of the same comparison reproduce every metric and
 * every reproducible table column byte for byte, a re-run skips finished trials, and an interrupted trial resumes
 * to the same bytes.
 */
class CompareCommandTest {
    private static final List<String> TRIALS = List.of("Adam/seed-0", "Adam/seed-1", "AdamTF/seed-0",
            "AdamTF/seed-1");

    @TempDir
    Path dir;

    @Test
    void sameSeedsReproduceMetricsAndTableExceptWallTime() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 2);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, Alf.execute("compare", "--conf", conf.toString(), "--out", a.toString(), "--quiet"));
        assertEquals(0, Alf.execute("compare", "--conf", conf.toString(), "--out", b.toString(), "--quiet",
                "--parallel", "1"));
        for (String trial : TRIALS) {
            assertTrue(Files.exists(a.resolve(trial).resolve("operative.conf")), trial);
            assertEquals(Files.readString(a.resolve(trial).resolve("metrics.csv")),
                    Files.readString(b.resolve(trial).resolve("metrics.csv")), trial);
        }
        assertNotEquals(Files.readString(a.resolve("Adam/seed-0/metrics.csv")),
                Files.readString(a.resolve("AdamTF/seed-0/metrics.csv")), "the optimizers must change the run");
        assertEquals(reproducibleColumns(a.resolve(SweepReport.SUMMARY_CSV)),
                reproducibleColumns(b.resolve(SweepReport.SUMMARY_CSV)));
        assertEquals(Files.readString(a.resolve(SweepReport.CURVES_CSV)),
                Files.readString(b.resolve(SweepReport.CURVES_CSV)));
        List<String> rows = Files.readAllLines(a.resolve(SweepReport.SUMMARY_CSV));
        assertEquals(String.join(",", SummaryTable.CSV_COLUMNS), rows.get(0));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).startsWith("Adam,0 1,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("AdamTF,0 1,"), rows.get(2));
        byte[] png = Files.readAllBytes(a.resolve(SweepReport.PLOT));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        String html = Files.readString(a.resolve(SweepReport.INDEX_HTML));
        assertTrue(html.contains("<img src=\"learning_curves.png\""), html);
        assertTrue(html.contains("<td>AdamTF</td>"), html);
        assertTrue(Files.readString(a.resolve(SweepReport.SUMMARY_MD)).contains("| Adam | 2 | "));
    }

    @Test
    void rerunSkipsFinishedTrialsAndResumesInterruptedOnes() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 1);
        Path out = dir.resolve("out");
        assertEquals(0, Alf.execute("compare", "--conf", conf.toString(), "--out", out.toString(), "--quiet"));
        List<String> trials = List.of("Adam/seed-0", "AdamTF/seed-0");
        List<String> before = new ArrayList<>();
        for (String trial : trials) {
            before.add(Files.readString(out.resolve(trial).resolve("metrics.csv")));
        }
        String timing = Files.readString(out.resolve("Adam/seed-0/timing.csv"));

        // interrupt AdamTF/seed-0 after its checkpoint at 200 steps: drop the newer checkpoint and metrics rows
        Path trial = out.resolve("AdamTF/seed-0");
        Files.delete(trial.resolve("checkpoints/ckpt-000000000300.safetensors"));
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(trial.resolve("metrics.csv"))) {
            if (line.startsWith("env_steps") || Long.parseLong(line.substring(0, line.indexOf(','))) <= 200) {
                kept.add(line);
            }
        }
        Files.write(trial.resolve("metrics.csv"), kept);

        assertEquals(0, Alf.execute("compare", "--conf", conf.toString(), "--out", out.toString(), "--quiet"));
        assertEquals(timing, Files.readString(out.resolve("Adam/seed-0/timing.csv")), "a finished trial is skipped");
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(before.get(i), Files.readString(out.resolve(trials.get(i)).resolve("metrics.csv")),
                    trials.get(i));
        }
        // the resumed session continues the wall-clock count saved with the checkpoint at step 200
        List<String> timingRows = Files.readAllLines(trial.resolve("timing.csv"));
        String[] last = timingRows.get(timingRows.size() - 1).split(",");
        assertEquals("300", last[0]);
        double atResume = timingRows.stream().skip(1).filter(r -> Long.parseLong(r.split(",")[0]) <= 200)
                .mapToDouble(r -> Double.parseDouble(r.split(",")[1])).max().orElseThrow();
        assertTrue(Double.parseDouble(last[1]) > atResume, timingRows.toString());
    }

    @Test
    void aDirectoryOfAnotherConfigurationIsRefused() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 1);
        Path out = dir.resolve("out");
        assertEquals(0, Alf.execute("compare", "--conf", conf.toString(), "--out", out.toString(), "--quiet"));
        assertEquals(1, Alf.execute("compare", "--conf", conf.toString(), "--out", out.toString(), "--quiet",
                "--param", "SacAlgorithm.gamma=0.9"));
    }

    @Test
    void aMisspeltKeyInAVariantFailsTheTrial() throws IOException {
        TinyConfigs.base(dir);
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, """
                Comparison {
                  base = "tiny_sac_pendulum.conf"
                  variants { Typo = [ "SacAlgorithm.gama = 0.9" ] }
                  seeds = [0]
                }
                """);
        assertEquals(1, Alf.execute("compare", "--conf", conf.toString(), "--out", dir.resolve("o").toString(),
                "--quiet"));
    }

    /** The summary CSV without its wall-time columns (the last two). */
    private static List<String> reproducibleColumns(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] cells = line.split(",", -1);
            out.add(String.join(",", Arrays.copyOf(cells, cells.length - 2)));
        }
        return out;
    }
}
