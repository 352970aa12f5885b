package alf.experiments;

import alf.rl.RLAlgorithm;
import alf.config.ConfigBinder;
import alf.config.ConfiguredObject;
import alf.config.OperativeConfig;
import alf.rl.Environment;
import alf.trainers.RLTrainer;
import alf.trainers.SeedPlan;
import alf.trainers.DeviceAlgorithm;
import alf.trainers.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment built entirely from configuration: the trainer settings, the environments and the algorithm, bound
 * from HOCON files plus {@code Key=Value} overrides. The algorithm is whatever class the {@code algorithm} slot names
 * and the environment whatever class the {@code environment} slot names, wrapped by its {@code wrappers}
 * (see {@link Registry}); the algorithm receives from code the parameters it declares among
 * {@code observationSpec}, {@code actionSpec} and {@code rng} (the model generator of the run's seed plan). Building it writes the operative configuration
 * ({@code operative.conf}) into the run directory and fails on any key that was set but never used.
 */
public final class Experiment implements AutoCloseable {
    /** The name of the operative configuration file in a run directory. */
    public static final String OPERATIVE_CONFIG = "operative.conf";

    private final Path runDir;
    private final TrainerConfig trainerConfig;
    private final EnvironmentAssembly environmentAssembly;
    private final Environment env;
    private final Environment evalEnv;
    private final RLAlgorithm algorithm;
    private final RLTrainer trainer;
    private final OperativeConfig operativeConfig;

    private Experiment(Path runDir, TrainerConfig trainerConfig, EnvironmentAssembly environmentAssembly,
            Environment env, Environment evalEnv, RLAlgorithm algorithm, OperativeConfig operativeConfig) {
        this.runDir = runDir;
        this.operativeConfig = operativeConfig;
        this.trainerConfig = trainerConfig;
        this.environmentAssembly = environmentAssembly;
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
        return assemble(configFiles, params, runDir, false);
    }

    /**
     * {@code fromOperativeConfig}: the files are a run's own operative configuration, in which one written before
     * a part reported its ignored parameters may still record them; they are tolerated there (they built the same
     * objects), so such runs can still be resumed and evaluated.
     */
    private static Experiment assemble(List<Path> configFiles, List<String> params, Path runDir,
            boolean fromOperativeConfig) {
        ConfigBinder binder = ConfigBinder.load(Registry.create(), configFiles, params);
        TrainerConfig trainerConfig = binder.build(TrainerConfig.class);
        EnvironmentAssembly assembly = new EnvironmentAssembly(binder.slot(Registry.ENVIRONMENT));
        Environment env = assembly.createTraining();
        Environment evalEnv = null;
        try {
            evalEnv = assembly.createEvaluation(trainerConfig.numEvalEpisodes(), env);
            SeedPlan seeds = SeedPlan.of(trainerConfig.seed());
            ConfiguredObject<RLAlgorithm> algorithmSlot = binder.slot(Registry.ALGORITHM);
            Map<String, Object> fromCode = new LinkedHashMap<>();
            fromCode.put("observationSpec", env.observationSpec());
            fromCode.put("actionSpec", env.actionSpec());
            fromCode.put("rng", seeds.model());
            fromCode.keySet().removeIf(name -> !algorithmSlot.hasParameter(name));
            RLAlgorithm algorithm = DeviceAlgorithm.place(trainerConfig.resolvedDevice(),
                    () -> algorithmSlot.build(fromCode));
            if (fromOperativeConfig) {
                binder.checkAllUsedExceptIgnored();
            } else {
                binder.checkAllUsed();
            }
            return new Experiment(runDir, trainerConfig, assembly, env, evalEnv, algorithm,
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
        Experiment experiment = assemble(new ArrayList<>(List.of(operative)), List.of(), runDir, true);
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

    /** The configured environment entry, which builds further environments (such as larger evaluations). */
    public EnvironmentAssembly environmentAssembly() {
        return environmentAssembly;
    }

    public RLAlgorithm algorithm() {
        return algorithm;
    }

    public RLTrainer trainer() {
        return trainer;
    }

    /** The training environment. */
    public Environment trainingEnvironment() {
        return env;
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
