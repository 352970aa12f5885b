package alf.experiments.user;

import alf.config.Configurable;
import alf.environments.tasks.Tasks;
import alf.environments.wrappers.EnvironmentWrapper;

/** A user's own environment class, known to no registry: Pendulum with a chosen batch size. */
@Configurable
public final class UserTask extends EnvironmentWrapper {

    /** {@code numEnvs} copies of Pendulum-v1. */
    public UserTask(int numEnvs) {
        super(Tasks.environment("Pendulum-v1", numEnvs, 1));
    }
}
