package alf.experiments;

import alf.config.ConfiguredObject;
import alf.rl.Environment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment an experiment configures in its {@code environment} slot: the configured class, then each of its
 * {@code wrappers} around it in list order (the first wraps the environment itself). It can be built any number of
 * times, each time a fresh batch: for training with the configured batch size, for evaluation with one copy per
 * episode on the calling thread (when the class has {@code numEnvs} / {@code numThreads} parameters).
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
                throw new IllegalArgumentException(wrapper.key() + ": wrapper " + wrapper.className()
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
        return wrap(environment.build(Map.of()));
    }

    /** An evaluation environment running {@code episodes} greedy episodes at once. */
    public Environment createEvaluation(int episodes) {
        Map<String, Object> args = new HashMap<>();
        if (environment.hasParameter("numEnvs")) {
            args.put("numEnvs", episodes);
        }
        if (environment.hasParameter("numThreads")) {
            args.put("numThreads", 1);
        }
        return wrap(environment.build(args));
    }

    private Environment wrap(Environment env) {
        Environment current = env;
        try {
            for (ConfiguredObject<?> wrapper : wrappers) {
                current = (Environment) wrapper.build(Map.of(INNER, current));
            }
            return current;
        } catch (RuntimeException e) {
            current.close(); // a parallel environment holds a thread pool
            throw e;
        }
    }
}
