package alf.experiments.sweep;

import alf.experiments.MetricsTable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The wall-clock training time of a run, read from its {@code timing.csv} (never from {@code metrics.csv}: wall time
 * is the one figure a re-run does not reproduce). The trainer writes {@code wall_seconds} cumulatively over training
 * sessions (a resume continues from the time saved in its checkpoint), so the run's wall time is the last row's.
 */
public final class WallTime {
    private WallTime() {
    }

    /** Seconds of training of the run in {@code runDir}. */
    public static double seconds(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve("timing.csv"))) {
            throw new IllegalArgumentException("run directory " + runDir + " has no timing.csv");
        }
        MetricsTable timing = MetricsTable.read(runDir, "timing.csv");
        double[] wall = timing.column("wall_seconds");
        if (wall.length == 0) {
            throw new IllegalArgumentException("run directory " + runDir + " has an empty timing.csv");
        }
        return wall[wall.length - 1];
    }
}
