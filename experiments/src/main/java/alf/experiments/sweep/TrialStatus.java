package alf.experiments.sweep;

import alf.experiments.MetricsTable;
import alf.io.Checkpointer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a trial's run directory stands before a sweep (re-)runs it. */
public enum TrialStatus {
    /** Nothing usable yet: train from scratch. */
    NEW,
    /** Stopped part-way with a checkpoint: resume from the newest one. */
    INTERRUPTED,
    /** Its metrics reach the configured number of environment steps: skip it. */
    FINISHED;

    /**
     * The status of {@code runDir} for a run of {@code numEnvSteps}: finished when the last row of
     * {@code metrics.csv} is at {@code numEnvSteps} or beyond, interrupted when a checkpoint exists, new otherwise.
     */
    public static TrialStatus of(Path runDir, long numEnvSteps) {
        if (Files.isRegularFile(runDir.resolve("metrics.csv"))) {
            MetricsTable metrics = MetricsTable.read(runDir);
            if (metrics.size() > 0 && metrics.envSteps()[metrics.size() - 1] >= numEnvSteps) {
                return FINISHED;
            }
        }
        Path checkpoints = runDir.resolve("checkpoints");
        if (Files.isDirectory(checkpoints) && !new Checkpointer(checkpoints, 1).steps().isEmpty()) {
            return INTERRUPTED;
        }
        return NEW;
    }
}
