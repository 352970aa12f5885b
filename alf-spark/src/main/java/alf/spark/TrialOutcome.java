package alf.spark;

import alf.experiments.sweep.TrialStatus;
import java.io.Serializable;

/**
 * What one Spark task reports back about its trial.
 *
 * @param index  the trial's position in the sweep
 * @param status the trial's status before the task ran it (null when it failed)
 * @param error  the error of the last attempt when every attempt failed, else null
 */
record TrialOutcome(int index, TrialStatus status, String error) implements Serializable {
    private static final long serialVersionUID = 1L;
}
