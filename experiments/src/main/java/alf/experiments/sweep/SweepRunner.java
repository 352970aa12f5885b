package alf.experiments.sweep;

import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.trainers.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The embedded {@link TrialRunner}: runs the trials of a sweep, up to {@code parallelism} at once, each on its own
 * thread (a trial's work never leaves its thread except inside large matrix products, whose results do not depend
 * on threading).
 *
 * <p>While several trials run at once, large matrix products are limited to
 * {@code max(1, cores / parallelism)} threads each, so that the trials do not fight over the cores; the previous
 * limit is restored afterwards.
 *
 * <p>A {@link SweepStop} request stops the trials in progress with a checkpoint each and starts no further trial;
 * {@link #run} then returns the trials that were started (those not started are absent from its map).
 */
public final class SweepRunner implements TrialRunner {
    private final int parallelism;
    private final Consumer<String> log;
    private final SweepStop stop;

    /**
     * @param parallelism trials run at once (≥ 1)
     * @param log         receives one line per trial started and finished
     */
    public SweepRunner(int parallelism, Consumer<String> log) {
        this(parallelism, log, new SweepStop());
    }

    /**
     * @param parallelism trials run at once (≥ 1)
     * @param log         receives one line per trial finished, stopped or not started
     * @param stop        ends the sweep early when requested
     */
    public SweepRunner(int parallelism, Consumer<String> log, SweepStop stop) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.log = log;
        this.stop = stop;
    }

    /** The default parallelism: the number of cores ({@link Runtime#availableProcessors()}). */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public Map<Trial, TrialStatus> run(List<Trial> trials, long totalSteps, ProgressListener progress) {
        int threads = Math.min(parallelism, Math.max(1, trials.size()));
        Backend kernels = Backends.defaultBackend();
        int previousKernelThreads = kernels.maxThreads();
        if (threads > 1) {
            kernels.setMaxThreads(Math.max(1, defaultParallelism() / threads));
        }
        long[] done = new long[trials.size()];
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "alf-trial-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TrialStatus>> futures = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                int index = i;
                Trial trial = trials.get(i);
                futures.add(pool.submit(() -> {
                    if (stop.requested()) {
                        log.accept("not started (stop requested): " + trial.name());
                        return null;
                    }
                    ProgressListener own = (steps, total, ret) -> {
                        synchronized (done) {
                            done[index] = steps;
                            long sum = 0;
                            for (long d : done) {
                                sum += d;
                            }
                            progress.onProgress(sum, totalSteps, Double.NaN);
                        }
                    };
                    TrialStatus status = TrialExecution.run(trial, own, stop);
                    log.accept(outcome(status) + trial.name());
                    return status;
                }));
            }
            Map<Trial, TrialStatus> out = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                try {
                    TrialStatus status = futures.get(i).get();
                    if (status != null) {
                        out.put(trials.get(i), status);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    failures.add(trials.get(i).name() + " (" + trials.get(i).runDir() + "): " + cause.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the trials", e);
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " of " + trials.size() + " trial(s) failed:\n  "
                        + String.join("\n  ", failures));
            }
            return out;
        } finally {
            pool.shutdownNow();
            kernels.setMaxThreads(previousKernelThreads);
        }
    }

    /** The start of the log line for a trial that had {@code status} before this run and has now returned. */
    private String outcome(TrialStatus status) {
        if (stop.requested() && status != TrialStatus.FINISHED) {
            return "stopped with a checkpoint (resumes on the next run): ";
        }
        return switch (status) {
            case FINISHED -> "skipped (already finished): ";
            case INTERRUPTED -> "resumed and finished: ";
            case NEW -> "finished: ";
        };
    }
}
