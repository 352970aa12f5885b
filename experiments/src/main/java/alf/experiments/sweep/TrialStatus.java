package alf.experiments.sweep;

import alf.io.Checkpointer;
import java.nio.file.Path;
import java.util.Optional;

/** Where a trial's run directory stands before a sweep (re-)runs it. */
public enum TrialStatus {
    /** Nothing usable yet: train from scratch. */
    NEW,
    /** Stopped part-way with a checkpoint: resume from the newest one. */
    INTERRUPTED,
    /** Its final checkpoint (of the configured number of environment steps) is on disk and valid: skip it. */
    FINISHED;

    /**
     * The status of {@code runDir} for a run of {@code numEnvSteps}: finished when its newest valid checkpoint is
     * at {@code numEnvSteps} or beyond (metrics alone do not count: a run killed between its last metrics row and its
     * final checkpoint is interrupted), interrupted when some checkpoint file exists, new otherwise.
     */
    public static TrialStatus of(Path runDir, long numEnvSteps) {
        Checkpointer checkpoints = new Checkpointer(runDir.resolve("checkpoints"), 1);
        if (checkpoints.steps().isEmpty()) {
            return NEW;
        }
        Optional<Checkpointer.Loaded> newest = checkpoints.latestValid();
        return newest.isPresent() && newest.get().step() >= numEnvSteps ? FINISHED : INTERRUPTED;
    }
}
