package alf.experiments;

import alf.rl.RLAlgorithm;
import alf.algorithms.sac.SacAlgorithm;
import alf.config.ConfigBinder;
import alf.config.OperativeConfig;
import alf.rl.Environment;
import alf.trainers.RLTrainer;
import alf.trainers.SeedPlan;
import alf.trainers.DeviceAlgorithm;
import alf.trainers.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One experiment built entirely from configuration: the trainer settings, the environments and the algorithm, bound
 * from HOCON files plus {@code Key=Value} overrides. Building it writes the operative configuration
 * ({@code operative.conf}) into the run directory and fails on any key that was set but never used.
 */
public final class Experiment implements AutoCloseable {
    /** The name of the operative configuration file in a run directory. */
    public static final String OPERATIVE_CONFIG = "operative.conf";

    private final Path runDir;
    private final TrainerConfig trainerConfig;
    private final EnvironmentConfig environmentConfig;
    private final Environment env;
    private final Environment evalEnv;
    private final RLAlgorithm algorithm;
    private final RLTrainer trainer;
    private final OperativeConfig operativeConfig;

    private Experiment(Path runDir, TrainerConfig trainerConfig, EnvironmentConfig environmentConfig,
            Environment env, Environment evalEnv, RLAlgorithm algorithm, OperativeConfig operativeConfig) {
        this.runDir = runDir;
        this.operativeConfig = operativeConfig;
        this.trainerConfig = trainerConfig;
        this.environmentConfig = environmentConfig;
        this.env = env;
        this.evalEnv = evalEnv;
        this.algorithm = algorithm;
        this.trainer = new RLTrainer(trainerConfig, env, evalEnv, algorithm, runDir);
    }

    /**
     * Builds the experiment of {@code configFiles} with {@code params} overrides (later wins) in {@code runDir},
     * writing its operative configuration there.
     */
    public static Experiment build(List<Path> configFiles, List<String> params, Path runDir) {
        Experiment experiment = assemble(configFiles, params, runDir);
        experiment.writeOperativeConfig();
        return experiment;
    }

    /**
     * Builds the experiment of {@code configFiles} with {@code params} overrides (later wins) for {@code runDir}
     * without writing anything there (a sweep first compares its operative configuration with the one already in
     * the directory); fails on any key that was set but never used.
     */
    public static Experiment assemble(List<Path> configFiles, List<String> params, Path runDir) {
        ConfigBinder binder = ConfigBinder.load(Registry.create(), configFiles, params);
        TrainerConfig trainerConfig = binder.build(TrainerConfig.class);
        EnvironmentConfig envConfig = binder.build(EnvironmentConfig.class);
        Environment env = envConfig.createTraining();
        Environment evalEnv = null;
        try {
            evalEnv = envConfig.createEvaluation(trainerConfig.numEvalEpisodes());
            SeedPlan seeds = SeedPlan.of(trainerConfig.seed());
            RLAlgorithm algorithm = DeviceAlgorithm.place(trainerConfig.resolvedDevice(),
                    () -> binder.build(SacAlgorithm.class, Map.of(
                            "observationSpec", env.observationSpec(),
                            "actionSpec", env.actionSpec(),
                            "rng", seeds.model())));
            binder.checkAllUsed();
            return new Experiment(runDir, trainerConfig, envConfig, env, evalEnv, algorithm,
                    binder.operativeConfig());
        } catch (RuntimeException e) {
            // a failed build must not leak the environments (a parallel one holds a thread pool)
            env.close();
            if (evalEnv != null) {
                evalEnv.close();
            }
            throw e;
        }
    }

    /**
     * Rebuilds the experiment of an existing run directory from its operative configuration, writing nothing (the
     * file already holds exactly what it would write); a resume then refuses checkpoints written before the file
     * was edited.
     */
    public static Experiment load(Path runDir) {
        Path operative = runDir.resolve(OPERATIVE_CONFIG);
        if (!Files.exists(operative)) {
            throw new IllegalArgumentException(runDir + " is not a run directory: it has no " + OPERATIVE_CONFIG);
        }
        Experiment experiment = assemble(new ArrayList<>(List.of(operative)), List.of(), runDir);
        experiment.trainer.trackConfiguration(operative);
        return experiment;
    }

    /** Every value the experiment was built with (what {@code operative.conf} holds). */
    public OperativeConfig operativeConfig() {
        return operativeConfig;
    }

    /**
     * Writes {@link #operativeConfig()} to {@code runDir/operative.conf}; its hash goes into every checkpoint (see
     * {@link RLTrainer#trackConfiguration}).
     */
    public void writeOperativeConfig() {
        Path file = runDir.resolve(OPERATIVE_CONFIG);
        operativeConfig.write(file);
        trainer.trackConfiguration(file);
    }

    public Path runDir() {
        return runDir;
    }

    public TrainerConfig trainerConfig() {
        return trainerConfig;
    }

    public EnvironmentConfig environmentConfig() {
        return environmentConfig;
    }

    public RLAlgorithm algorithm() {
        return algorithm;
    }

    public RLTrainer trainer() {
        return trainer;
    }

    /** The evaluation environment (batch = episodes per evaluation). */
    public Environment evaluationEnvironment() {
        return evalEnv;
    }

    @Override
    public void close() {
        env.close();
        evalEnv.close();
    }
}
