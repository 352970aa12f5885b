package alf.experiments.sweep;

import alf.trainers.ProgressListener;
import java.util.List;
import java.util.Map;

/**
 * Runs the trials of a sweep or comparison to completion: the embedded thread pool ({@link SweepRunner}) or a
 * cluster (a {@link ClusterTrialRunner} found through {@link ClusterTrialRunners}). Whatever runs them, each trial
 * goes through {@link TrialExecution#run} (skip when finished, resume when interrupted, train when new), so the
 * trial's {@code metrics.csv} does not depend on the runner.
 */
public interface TrialRunner {

    /**
     * Runs every trial that is not finished yet; {@code progress} receives the environment steps summed over all
     * trials (finished ones count in full) as far as the runner can observe them.
     *
     * @return each trial's status before the run, in the order given
     * @throws IllegalStateException after all trials have ended when one or more failed, naming each with its error
     */
    Map<Trial, TrialStatus> run(List<Trial> trials, long totalSteps, ProgressListener progress);
}
