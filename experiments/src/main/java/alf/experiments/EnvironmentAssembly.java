package alf.experiments;

import alf.config.ConfiguredObject;
import alf.environments.wrappers.EnvironmentWrapper;
import alf.environments.wrappers.ObservationNormalization;
import alf.environments.wrappers.RewardScaling;
import alf.rl.Environment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment an experiment configures in its {@code environment} slot: the configured class, then each of its
 * {@code wrappers} around it in list order (the first wraps the environment itself). It can be built any number of
 * times, each time a fresh batch: for training with the configured batch size, for evaluation with one copy per
 * episode on the calling thread (when the class has {@code numEnvs} / {@code numThreads} parameters).
 *
 * <p>The evaluation environment reports the task's own returns and sees observations as the policy was trained on
 * them (as Stable-Baselines3 evaluates behind a frozen {@code VecNormalize}): it leaves out {@link RewardScaling}
 * wrappers, and each of its {@link ObservationNormalization} wrappers uses the matching training wrapper's
 * statistics, frozen.
 */
public final class EnvironmentAssembly {

    private static final String INNER = "inner";

    private final ConfiguredObject<Environment> environment;
    private final List<ConfiguredObject<?>> wrappers;

    /** The assembly of a bound {@code environment} slot. */
    public EnvironmentAssembly(ConfiguredObject<Environment> environment) {
        this.environment = environment;
        this.wrappers = environment.list(Registry.WRAPPERS);
        for (ConfiguredObject<?> wrapper : wrappers) {
            if (!wrapper.hasParameter(INNER)) {
                throw new IllegalArgumentException(wrapper.location() + ": wrapper " + wrapper.className()
                        + " has no constructor parameter '" + INNER + "' to receive the environment it wraps");
            }
        }
    }

    /** The name written in the environment's {@code class = ...}. */
    public String className() {
        return environment.className();
    }

    /** The training environment, as configured. */
    public Environment createTraining() {
        return wrap(environment.build(Map.of()), false);
    }

    /**
     * An evaluation environment running {@code episodes} greedy episodes at once, beside {@code training} (built by
     * {@link #createTraining()}), whose observation statistics it follows.
     */
    public Environment createEvaluation(int episodes, Environment training) {
        Map<String, Object> args = new HashMap<>();
        if (environment.hasParameter("numEnvs")) {
            args.put("numEnvs", episodes);
        }
        if (environment.hasParameter("numThreads")) {
            args.put("numThreads", 1);
        }
        Environment evaluation = wrap(environment.build(args), true);
        List<ObservationNormalization> followers = normalizations(evaluation);
        List<ObservationNormalization> leaders = normalizations(training);
        if (followers.size() != leaders.size()) {
            evaluation.close();
            throw new IllegalArgumentException("the training environment has " + leaders.size()
                    + " ObservationNormalization wrapper(s) but the evaluation one " + followers.size());
        }
        for (int i = 0; i < followers.size(); i++) {
            followers.get(i).shareStatisticsOf(leaders.get(i));
        }
        return evaluation;
    }

    private Environment wrap(Environment env, boolean evaluation) {
        Environment current = env;
        try {
            for (ConfiguredObject<?> wrapper : wrappers) {
                if (evaluation && RewardScaling.class.isAssignableFrom(wrapper.implementation())) {
                    continue; // evaluations report the task's own returns
                }
                current = (Environment) wrapper.build(Map.of(INNER, current));
            }
            return current;
        } catch (RuntimeException e) {
            current.close(); // a parallel environment holds a thread pool
            throw e;
        }
    }

    /** The observation normalisations of a wrapper chain, outermost first. */
    private static List<ObservationNormalization> normalizations(Environment env) {
        List<ObservationNormalization> found = new ArrayList<>();
        Environment current = env;
        while (current instanceof EnvironmentWrapper wrapper) {
            if (wrapper instanceof ObservationNormalization normalization) {
                found.add(normalization);
            }
            current = wrapper.inner();
        }
        return found;
    }
}
