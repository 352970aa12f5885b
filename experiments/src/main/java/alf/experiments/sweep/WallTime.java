package alf.experiments.sweep;

import alf.experiments.MetricsTable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The wall-clock training time of a run, read from its {@code timing.csv} (never from {@code metrics.csv}: wall time
 * is the one figure a re-run does not reproduce).
 *
 * <p>Each training session (the first run, then each resume) writes rows whose {@code wall_seconds} count from the
 * session's start, with {@code steps_per_second = (env_steps − start) / wall_seconds}. A row's session start is
 * therefore {@code round(env_steps − steps_per_second · wall_seconds)}; the run's wall time is the sum, over
 * sessions, of the {@code wall_seconds} of each session's last row. Time a session spent after the checkpoint it
 * was later resumed from is not counted (its rows were cut back at the resume).
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
        double[] rate = timing.column("steps_per_second");
        long[] steps = timing.envSteps();
        double total = 0;
        long sessionStart = Long.MIN_VALUE;
        double sessionLast = 0;
        for (int i = 0; i < timing.size(); i++) {
            long start = Math.round(steps[i] - rate[i] * wall[i]);
            if (start != sessionStart) {
                total += sessionLast;
                sessionStart = start;
            }
            sessionLast = wall[i];
        }
        return total + sessionLast;
    }
}
