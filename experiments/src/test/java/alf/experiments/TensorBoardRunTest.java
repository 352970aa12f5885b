package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.summary.EventFiles;
import alf.summary.proto.Event;
import alf.summary.proto.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run's TensorBoard events: every metrics and timing cell at its environment step, histograms of
 * parameters and gradients when asked for, one file per session and no step twice after a resume.
 */
class TensorBoardRunTest {

    private static final List<String> HISTOGRAMS = List.of("TrainerConfig.summaryHistogramInterval=400");

    /** Signals a simulated crash from the progress callback. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** tag → (step → value) of every scalar; fails on a step written twice for one tag. */
    private static Map<String, TreeMap<Long, Float>> scalars(List<Event> events) {
        Map<String, TreeMap<Long, Float>> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.hasSimpleValue()) {
                    Float previous = out.computeIfAbsent(v.getTag(), k -> new TreeMap<>()).put(e.getStep(),
                            v.getSimpleValue());
                    assertEquals(null, previous, v.getTag() + " written twice at step " + e.getStep());
                }
            }
        }
        return out;
    }

    /** The same, from the CSV files: metrics/COLUMN and timing/COLUMN for every non-empty cell, as floats. */
    private static Map<String, TreeMap<Long, Float>> csvCells(Path runDir) throws IOException {
        Map<String, TreeMap<Long, Float>> out = new TreeMap<>();
        for (String base : List.of("metrics", "timing")) {
            List<String> lines = Files.readAllLines(runDir.resolve(base + ".csv"));
            String[] header = lines.get(0).split(",", -1);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                for (int c = 1; c < header.length; c++) {
                    if (!cells[c].isEmpty()) {
                        out.computeIfAbsent(base + "/" + header[c], k -> new TreeMap<>())
                                .put(Long.parseLong(cells[0]), (float) Double.parseDouble(cells[c]));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void resumedRunHasEveryCsvCellOnceWithHistograms(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY);
        Path run = tmp.resolve("run");
        try (Experiment e = Experiment.build(List.of(conf), HISTOGRAMS, run)) {
            assertThrows(Crash.class, () -> e.trainer().run(false, (steps, total, ret) -> {
                if (steps >= 1200) {
                    throw new Crash(); // after the checkpoint at 1000, with rows and histograms past it
                }
            }));
        }
        try (Experiment e = Experiment.load(run)) {
            e.trainer().run(true, (s, t, r) -> { });
        }
        List<Path> files = EventFiles.list(run);
        assertEquals(2, files.size(), "one events file per session: " + files);
        List<Event> events = EventFiles.readAll(run);
        Map<String, TreeMap<Long, Float>> tb = scalars(events);
        Map<String, TreeMap<Long, Float>> csv = csvCells(run);
        assertTrue(csv.containsKey("metrics/critic_loss") && csv.containsKey("timing/steps_per_second"),
                csv.keySet().toString());
        assertEquals(csv, tb);
        // histograms every 400 updates: update u runs at env step 300 + 2(u - 1) (2 environments, learning from
        // step 300), so at 1098 (written by both sessions: the first one's is cut back) and 1898
        Map<String, List<Long>> histogramSteps = new LinkedHashMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.hasHisto()) {
                    histogramSteps.computeIfAbsent(v.getTag(), k -> new ArrayList<>()).add(e.getStep());
                    assertTrue(v.getHisto().getNum() > 0, v.getTag());
                }
            }
        }
        assertTrue(histogramSteps.keySet().stream().anyMatch(k -> k.startsWith("params/actor."))
                && histogramSteps.keySet().stream().anyMatch(k -> k.startsWith("grads/critics.")),
                histogramSteps.keySet().toString());
        assertTrue(histogramSteps.containsKey("params/log_alpha") && histogramSteps.containsKey("grads/log_alpha"),
                histogramSteps.keySet().toString());
        assertEquals(List.of(1098L, 1898L), histogramSteps.get("params/log_alpha"));
        assertEquals(List.of(1098L, 1898L), histogramSteps.get("grads/log_alpha"));
    }

    @Test
    void tensorboardOffWritesNoEventsFile(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY.replace("numEnvSteps = 2000", "numEnvSteps = 400"));
        Path run = tmp.resolve("run");
        try (Experiment e = Experiment.build(List.of(conf), List.of("TrainerConfig.tensorboard=false"), run)) {
            e.trainer().run(false, (s, t, r) -> { });
        }
        assertTrue(Files.exists(run.resolve("metrics.csv")));
        assertEquals(List.of(), EventFiles.list(run));
    }
}
