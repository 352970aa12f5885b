package alf.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the benchmark harnesses that run outside JMH (the GPU check's {@code SacUpdateTiming}): they set up
 * and time a few tiny updates and print their line. The benchmarks module is compiled by every build, so a change
 * that breaks a benchmark's set-up fails here instead of on the next benchmarking (or GPU) session.
 */
class SacUpdateTimingTest {

    @Test
    void timesATinyCapturedUpdateOnTheCpuAndPrintsItsLine() {
        String line = run("cpu", "8", "8", "2", "10", "1", "17x6");
        Matcher m = Pattern.compile("^sac-update backend=cpu batch=8 hidden=8-8 shape=17x6 gemm_threads=1 "
                + "replay_lanes=\\d+ updates=10 mean_ms=([0-9.]+) best_block_ms=([0-9.]+)$").matcher(line.trim());
        assertTrue(m.matches(), line);
        assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, line);
    }

    private static String run(String... args) {
        PrintStream previous = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            SacUpdateTiming.main(args);
        } finally {
            System.setOut(previous);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
