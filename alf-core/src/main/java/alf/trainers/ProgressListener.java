package alf.trainers;

/** Receives the trainer's progress (for a progress bar or logs); called on the training thread. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param envSteps       environment steps done
     * @param totalSteps     environment steps planned
     * @param lastEvalReturn mean greedy return of the latest evaluation (NaN before the first)
     */
    void onProgress(long envSteps, long totalSteps, double lastEvalReturn);

    /** A listener that ignores everything. */
    ProgressListener NONE = (s, t, r) -> { };
}
