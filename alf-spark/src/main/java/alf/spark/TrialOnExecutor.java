package alf.spark;

import alf.experiments.sweep.TrialExecution;
import alf.experiments.sweep.TrialStatus;
import alf.trainers.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The body of one Spark task: runs one trial in a scratch directory of the executor, with its run directory synced to
 * the output location, so that its checkpoints land there while it runs and the whole run directory when it ends.
 *
 * <p>Before training, whatever a previous attempt (or an earlier sweep) left at the output location is copied in,
 * so {@link TrialExecution#run} skips a finished trial and resumes an interrupted one from its newest checkpoint.
 * An attempt that fails is rethrown so that Spark retries it; the last attempt
 * ({@code spark.task.maxFailures}) instead reports the error in its {@link TrialOutcome}, so the job goes on and the
 * other trials finish.
 */
final class TrialOnExecutor {
    /** How often, at most, the run directory is checked for new checkpoints to upload. */
    private static final long SYNC_EVERY_NANOS = 2_000_000_000L;

    private TrialOnExecutor() {
    }

    /**
     * Runs {@code task} as trial {@code index} of the sweep.
     *
     * @param output      the output location (local path or FileSystem URI)
     * @param maxAttempts the attempts Spark makes of a task ({@code spark.task.maxFailures})
     */
    static TrialOutcome run(int index, TrialTask task, String output, int maxAttempts) {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        Configuration conf = context == null ? new Configuration()
                : SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf());
        Path scratch;
        try {
            scratch = Files.createTempDirectory("alf-trial-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for trial '" + task.name() + "'", e);
        }
        try {
            Path runDir = scratch.resolve("run");
            RunDirectorySync sync = new RunDirectorySync(runDir, output, task.relativeDir(), conf,
                    (context == null ? "driver" : context.taskAttemptId()) + "-" + attempt);
            sync.download();
            try {
                TrialStatus status = TrialExecution.run(task.materialize(scratch.resolve("conf"), runDir),
                        throttled(sync));
                sync.upload();
                return new TrialOutcome(index, status, null);
            } catch (RuntimeException | Error e) {
                try {
                    sync.upload(); // the checkpoints so far, for the retry to resume from
                } catch (RuntimeException uploadFailure) {
                    e.addSuppressed(uploadFailure);
                }
                if (attempt + 1 < maxAttempts) {
                    throw e;
                }
                return new TrialOutcome(index, null, "at " + sync.remote() + ": " + describe(e));
            }
        } finally {
            deleteRecursively(scratch);
        }
    }

    /** Uploads the run directory at most every {@link #SYNC_EVERY_NANOS}, from the trainer's progress calls. */
    private static ProgressListener throttled(RunDirectorySync sync) {
        long[] last = {System.nanoTime()};
        return (steps, total, ret) -> {
            long now = System.nanoTime();
            if (now - last[0] >= SYNC_EVERY_NANOS) {
                sync.upload();
                last[0] = now;
            }
        };
    }

    /** The exception's class and message, and those of its causes. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(sb.length() > 0 ? "; caused by " : "").append(t.getClass().getName()).append(": ")
                    .append(t.getMessage());
        }
        return sb.toString();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a scratch directory left behind is harmless
        }
    }
}
