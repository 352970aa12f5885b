package alf.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mean ± std, the normalised area under the curve, wall time from timing.csv, and per-combination aggregation. */
class StatisticsTest {
    @TempDir
    Path dir;

    @Test
    void meanAndSampleStd() {
        MeanStd m = MeanStd.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 0);
        assertEquals(Math.sqrt(5.0 / 3.0), m.std(), 1e-15); // Σ(x−2.5)² = 5, n−1 = 3
        assertEquals(new MeanStd(-7, 0, 1), MeanStd.of(new double[] {-7}));
        assertThrows(IllegalArgumentException.class, () -> MeanStd.of(new double[0]));
    }

    @Test
    void areaUnderCurveIsTheTrapezoidAverage() {
        // segments: 0..100 avg (−100−50)/2 = −75; 100..300 avg (−50+0)/2 = −25 → (−7500 − 5000) / 300
        assertEquals(-12500.0 / 300.0, TrialResult.areaUnderCurve(new long[] {0, 100, 300},
                new double[] {-100, -50, 0}), 1e-12);
        assertEquals(4.0, TrialResult.areaUnderCurve(new long[] {10}, new double[] {4}), 0);
        assertEquals(3.0, TrialResult.areaUnderCurve(new long[] {0, 50}, new double[] {3, 3}), 0);
        assertThrows(IllegalArgumentException.class, () -> TrialResult.areaUnderCurve(new long[] {0, 0},
                new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> TrialResult.areaUnderCurve(new long[] {0},
                new double[] {1, 2}));
    }

    @Test
    void wallTimeIsTheCumulativeWallSecondsOfTheLastRow() throws IOException {
        // session 1 from step 0: rows at 0, 100, 200 (20 s); session 2 resumed at 200 continues the count (12 s more)
        Files.writeString(dir.resolve("timing.csv"), """
                env_steps,wall_seconds,steps_per_second
                0,0.5,0.0
                100,10.0,10.0
                200,20.0,10.0
                300,26.0,16.666666666666668
                400,32.0,16.666666666666668
                """);
        assertEquals(32.0, WallTime.seconds(dir), 1e-12);
        Files.writeString(dir.resolve("timing.csv"), """
                env_steps,wall_seconds,steps_per_second
                0,0.1,0.0
                100,4.0,25.0
                """);
        assertEquals(4.0, WallTime.seconds(dir), 0);
    }

    @Test
    void trialResultReadsEvaluationRowsAndAggregationChecksSteps() throws IOException {
        Path a = run("a", "0,-100,200\n100,,200\n150,-50,200\n300,0,200\n");
        TrialResult r = TrialResult.read(a);
        assertArrayEquals(new long[] {0, 150, 300}, r.evalSteps());
        assertEquals(0.0, r.finalReturn(), 0);
        assertEquals(4.0, r.wallSeconds(), 0);
        Path b = run("b", "0,-120,200\n150,-70,200\n300,-20,200\n");
        Combination c = Combination.of(List.of(new SweepOption("X", List.of())));
        CombinationResult agg = CombinationResult.aggregate(c, List.of(0L, 1L), List.of(r, TrialResult.read(b)));
        assertArrayEquals(new double[] {-110, -60, -10}, agg.meanReturn(), 0);
        assertEquals(Math.sqrt(200), agg.stdReturn()[0], 1e-12);
        assertEquals(-10, agg.finalReturn().mean(), 0);
        Path c3 = run("c", "0,-120,200\n300,-20,200\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                CombinationResult.aggregate(c, List.of(0L, 1L), List.of(r, TrialResult.read(c3))));
        assertEquals("combination 'X': seed 1 was evaluated at steps [0, 300] but seed 0 at [0, 150, 300]",
                e.getMessage());
    }

    private Path run(String name, String rows) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("metrics.csv"), "env_steps,eval_return,eval_length\n" + rows);
        Files.writeString(d.resolve("timing.csv"), "env_steps,wall_seconds,steps_per_second\n0,0.1,0.0\n"
                + "300,4.0,75.0\n");
        return d;
    }
}
