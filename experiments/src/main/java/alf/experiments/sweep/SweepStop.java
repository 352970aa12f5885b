package alf.experiments.sweep;

import alf.trainers.ProgressListener;
import alf.trainers.RLTrainer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request to stop a sweep early (Ctrl-C or {@code kill} on {@code alf sweep}/{@code alf compare}), shared by its
 * trials: every trial that is training stops after its current iteration with a checkpoint of the step it reached,
 * and trials that have not started are not started. Running the same command again then skips the finished trials
 * and resumes the stopped ones ({@link TrialStatus}), so no step of a user's sweep is lost.
 *
 * <p>Thread-safe: {@link #request} may come from a signal handler while trials train on other threads.
 */
public final class SweepStop {
    private final Set<RLTrainer> training = ConcurrentHashMap.newKeySet();
    private volatile boolean requested;

    /** Asks every training trial to stop after its current iteration, and the runner to start no more trials. */
    public void request() {
        requested = true;
        for (RLTrainer trainer : training) {
            trainer.requestStop();
        }
    }

    /** True once {@link #request} was called. */
    public boolean requested() {
        return requested;
    }

    /**
     * Runs {@code trainer} (from scratch or resumed) so that a request, before or during the run, stops it with a
     * checkpoint. The trainer is registered before the flag is read, and {@link #request} sets the flag before it
     * walks the registered trainers, so a request racing with the start of a run is never missed.
     */
    void train(RLTrainer trainer, boolean resume, ProgressListener progress) {
        training.add(trainer);
        try {
            if (requested) {
                trainer.requestStop();
            }
            trainer.run(resume, progress);
        } finally {
            training.remove(trainer);
        }
    }
}
