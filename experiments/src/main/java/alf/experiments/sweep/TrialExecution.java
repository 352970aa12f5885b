package alf.experiments.sweep;

import alf.experiments.Experiment;
import alf.io.RunDirectoryLock;
import alf.trainers.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one trial to completion on the calling thread: builds its experiment, checks that a run already in its
 * directory was made with the very same operative configuration, then skips it (finished), resumes it from its
 * newest checkpoint (interrupted) or trains it from scratch (new).
 */
public final class TrialExecution {
    private TrialExecution() {
    }

    /**
     * Brings {@code trial} to its configured number of environment steps.
     *
     * @param progress receives the trial's own environment steps
     * @return the status the trial had before this call (what was done: nothing, a resume, a fresh run)
     * @throws IllegalStateException when the directory holds a run of a different configuration
     */
    public static TrialStatus run(Trial trial, ProgressListener progress) {
        return run(trial, progress, new SweepStop());
    }

    /**
     * As {@link #run(Trial, ProgressListener)}, training so that {@code stop} can end the run early with a checkpoint
     * of the step it reached (the trial is then interrupted and resumes on the next run).
     */
    public static TrialStatus run(Trial trial, ProgressListener progress, SweepStop stop) {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(trial.runDir());
             Experiment experiment = Experiment.assemble(trial.configFiles(), trial.params(), trial.runDir())) {
            String operative = experiment.operativeConfig().toHocon();
            Path existing = trial.runDir().resolve(Experiment.OPERATIVE_CONFIG);
            if (Files.exists(existing) && !operative.equals(read(existing))
                    && !operative.equals(rebuiltOperative(trial.runDir()))) {
                throw new IllegalStateException("run directory " + trial.runDir() + " holds a run of a different "
                        + "configuration than trial '" + trial.name() + "' (its " + Experiment.OPERATIVE_CONFIG
                        + " differs); remove the directory or choose another output directory");
            }
            long total = experiment.trainerConfig().numEnvSteps();
            TrialStatus status = TrialStatus.of(trial.runDir(), total);
            if (status == TrialStatus.FINISHED) {
                progress.onProgress(total, total, Double.NaN);
                return status;
            }
            experiment.writeOperativeConfig();
            stop.train(experiment.trainer(), status == TrialStatus.INTERRUPTED, progress);
            return status;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The operative configuration an existing run directory's file rebuilds to today, which differs from the file's
     * text when the file was written in an older layout (for example before the algorithm and environment slots);
     * null when it no longer builds.
     */
    private static String rebuiltOperative(Path runDir) {
        try (Experiment old = Experiment.load(runDir)) {
            return old.operativeConfig().toHocon();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
