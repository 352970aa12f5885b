package alf.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.summary.proto.Event;
import alf.summary.proto.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events files written by {@link TensorBoardWriter}, read back by {@link EventFiles} and by TensorBoard itself. */
class TensorBoardWriterTest {

    private static Map<String, Double> row(double a, Double b) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("eval_return", a);
        m.put("actor_loss", b);
        return m;
    }

    /** Writes steps 0, 100, ..., 500 with two metrics (the second missing at step 0) and a histogram at 300. */
    private static Path writeRun(Path dir) {
        try (TensorBoardWriter w = TensorBoardWriter.create(dir)) {
            for (int k = 0; k <= 5; k++) {
                w.scalars("metrics", 100L * k, row(-1000.0 + k * 0.1, k == 0 ? null : 1.0 / (k + 2)));
                if (k == 3) {
                    w.histograms("params", 300, Map.of("w", new double[] {-1, 0, 0.5, 2}));
                }
            }
            return w.file();
        }
    }

    @Test
    void scalarsAndHistogramsReadBack(@TempDir Path dir) {
        Path file = writeRun(dir);
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        List<Event> events = EventFiles.read(file);
        assertEquals(TensorBoardWriter.FILE_VERSION, events.get(0).getFileVersion());
        assertEquals(8, events.size());
        Event first = events.get(1);
        assertEquals(0, first.getStep());
        assertEquals(1, first.getSummary().getValueCount(), "a missing value is left out");
        assertEquals("metrics/eval_return", first.getSummary().getValue(0).getTag());
        assertEquals((float) -1000.0, first.getSummary().getValue(0).getSimpleValue());
        Event at200 = events.get(3);
        assertEquals(200, at200.getStep());
        assertEquals((float) (1.0 / 4), at200.getSummary().getValue(1).getSimpleValue());
        Event histogram = events.get(5);
        assertEquals(300, histogram.getStep());
        Summary.Value h = histogram.getSummary().getValue(0);
        assertEquals("params/w", h.getTag());
        assertEquals(4.0, h.getHisto().getNum());
        assertEquals(-1.0, h.getHisto().getMin());
        assertEquals(1.5, h.getHisto().getSum());
    }

    @Test
    void truncateAfterDropsLaterStepsAndATornTail(@TempDir Path dir) throws IOException {
        Path file = writeRun(dir);
        Files.write(file, new byte[] {42, 0, 0}, StandardOpenOption.APPEND); // a record cut short by a crash
        assertThrows(UncheckedIOException.class, () -> EventFiles.read(file));
        EventFiles.truncateAfter(dir, 200);
        List<Long> steps = new ArrayList<>();
        for (Event e : EventFiles.read(file)) {
            if (!e.hasFileVersion()) {
                steps.add(e.getStep());
            }
        }
        assertEquals(List.of(0L, 100L, 200L), steps);
        assertTrue(EventFiles.read(file).get(0).hasFileVersion());
    }

    @Test
    void eachSessionWritesANewFileThatSortsLast(@TempDir Path dir) {
        Path first = writeRun(dir);
        Path second;
        try (TensorBoardWriter w = TensorBoardWriter.create(dir)) {
            w.scalars("metrics", 600, row(1, 2.0));
            second = w.file();
        }
        assertEquals(List.of(first, second), EventFiles.list(dir));
        assertEquals(600, EventFiles.readAll(dir).get(EventFiles.readAll(dir).size() - 1).getStep());
    }

    @Test
    void tensorBoardsEventAccumulatorReadsEveryScalar(@TempDir Path dir) throws Exception {
        writeRun(dir);
        try (TensorBoardWriter w = TensorBoardWriter.create(dir)) {
            w.scalars("metrics", 600, row(7.25, 0.5));
        }
        List<String> lines = TensorBoardPython.run("read_scalars.py", dir);
        List<String> expected = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            expected.add("metrics/actor_loss " + (100 * k) + " " + pythonFloat(k == 6 ? 0.5 : 1.0 / (k + 2)));
        }
        for (int k = 0; k <= 6; k++) {
            expected.add("metrics/eval_return " + (100 * k) + " " + pythonFloat(k == 6 ? 7.25 : -1000.0 + k * 0.1));
        }
        expected.add("histogram params/w 300 4.0");
        assertEquals(expected, lines);
    }

    /** How Python's repr prints a 32-bit float widened to double (what EventAccumulator returns). */
    static String pythonFloat(double v) {
        double widened = (float) v;
        String s = Double.toString(widened);
        if (s.contains("E")) {
            throw new IllegalArgumentException("choose test values without exponents, got " + s);
        }
        return s;
    }

    /** Runs a script of this package's test resources with python3, where the tensorboard package imports. */
    static final class TensorBoardPython {
        private TensorBoardPython() {
        }

        static List<String> run(String script, Path dir) throws Exception {
            Path copy = Files.createTempFile("alf-tb", ".py");
            try (InputStream in = TensorBoardWriterTest.class.getResourceAsStream(script)) {
                Files.write(copy, in.readAllBytes());
            }
            try {
                Assumptions.assumeTrue(importable(), "python3 with the tensorboard package is not available "
                        + "(set PYTHONPATH to a directory holding it to run this check)");
                Process p = new ProcessBuilder("python3", copy.toString(), dir.toString()).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 " + script + " timed out");
                assertEquals(0, p.exitValue(), out);
                return out.lines().toList();
            } finally {
                Files.deleteIfExists(copy);
            }
        }

        private static boolean importable() {
            try {
                Process p = new ProcessBuilder("python3", "-c",
                        "import tensorboard.backend.event_processing.event_accumulator").redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }
    }

    @Test
    void aFileInAnotherDirectoryIsNotListed(@TempDir Path dir) {
        assertFalse(EventFiles.list(dir.resolve("missing")).iterator().hasNext());
    }
}
