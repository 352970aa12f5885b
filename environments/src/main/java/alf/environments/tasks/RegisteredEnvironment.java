package alf.environments.tasks;

import alf.config.Configurable;
import alf.config.Default;
import alf.environments.wrappers.EnvironmentWrapper;
import alf.io.Stateful;
import alf.io.StateDict;

/**
 * A batch of copies of a registered task ({@link Tasks}), as an experiment configures it:
 * {@code environment = { class = Environment, name = "LunarLanderContinuous-v3", numEnvs = 4, numThreads = 1 }}.
 * (Its configuration name is {@code Environment}, so that experiment files written before environments were
 * configured as classes, with {@code Environment { name = ... }}, keep working.)
 */
@Configurable(name = "Environment")
public final class RegisteredEnvironment extends EnvironmentWrapper {

    /**
     * @param name       a task id of {@link Tasks#IDS}, e.g. {@code Pendulum-v1}
     * @param numEnvs    copies stepped together
     * @param numThreads threads stepping them (1 = on the calling thread, the fastest for classic control)
     */
    public RegisteredEnvironment(@Default("\"Pendulum-v1\"") String name, @Default("1") int numEnvs,
                                 @Default("1") int numThreads) {
        super(Tasks.environment(name, numEnvs, numThreads));
    }

    /** The batch's own checkpoint state, unnested (so checkpoints of runs made before this class existed load). */
    @Override
    public StateDict stateDict() {
        return ((Stateful) inner).stateDict();
    }

    @Override
    public void loadStateDict(StateDict state) {
        ((Stateful) inner).loadStateDict(state);
    }
}
