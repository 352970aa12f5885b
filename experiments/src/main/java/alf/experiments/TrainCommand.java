package alf.experiments;

import alf.config.ConfigBinder;
import alf.experiments.sweep.TrialStatus;
import alf.io.RunDirectoryLock;
import alf.trainers.RLTrainer;
import alf.trainers.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alf train}: a new run from configuration files, or {@code --resume} of a stopped one. */
@Command(name = "train", description = "Train an agent from a config file, or resume a run directory.")
final class TrainCommand implements Callable<Integer> {
    /** The learning-curve plot a run writes when it ends. */
    static final String PLOT = "learning_curve.png";
    /** Files a run writes besides its metrics and checkpoints; a new run refuses a directory holding any. */
    private static final List<String> RUN_FILES = List.of(Experiment.OPERATIVE_CONFIG, "metrics.jsonl",
            "timing.csv", "timing.jsonl", PLOT);

    @ArgGroup(multiplicity = "1")
    private Source source;

    /** Either config files (new run) or a run directory to resume. */
    static final class Source {
        @Option(names = "--conf", description = "HOCON experiment file (repeatable; later files win)")
        List<Path> conf;

        @Parameters(arity = "0..*", description = "HOCON experiment file(s), same as --conf")
        List<Path> positional;

        @Option(names = "--resume", description = "continue the run in this directory from its newest checkpoint")
        Path resume;
    }

    @Option(names = "--param", description = "override Key=Value (HOCON value; wins over files)")
    private List<String> params = new ArrayList<>();

    @Option(names = "--run-dir", description = "where metrics, checkpoints and plots go (default runs/<conf>/seed-<seed>)")
    private Path runDir;

    @Option(names = "--seed", description = "the run's seed (shorthand for --param TrainerConfig.seed=N)")
    private Long seed;

    @Option(names = "--quiet", description = "no progress bar and no INFO log lines")
    private boolean quiet;

    @Option(names = "--tensorboard", arity = "1", paramLabel = "true|false", description = "also write TensorBoard "
            + "events files in the run directory (shorthand for --param TrainerConfig.tensorboard=...; default: the "
            + "config's, true unless set)")
    private Boolean tensorboard;

    @Override
    public Integer call() throws Exception {
        if (source.resume != null) {
            if (!params.isEmpty() || seed != null || runDir != null || tensorboard != null) {
                throw new IllegalArgumentException("--resume continues a run exactly as configured: it takes no "
                        + "--param, --seed, --run-dir or --tensorboard");
            }
            try (Experiment experiment = Experiment.load(source.resume);
                 RunDirectoryLock lock = RunDirectoryLock.acquire(source.resume)) {
                TrialStatus status = TrialStatus.of(source.resume, experiment.trainerConfig().numEnvSteps());
                if (status == TrialStatus.FINISHED) {
                    Path png = source.resume.resolve(PLOT);
                    if (!Files.exists(png)) {
                        // the process ended between its final checkpoint and its plot
                        LearningCurvePlot.write(List.of(source.resume), png);
                        System.err.println("wrote the missing plot " + png);
                    }
                    System.err.println("run " + source.resume + " is finished: its final checkpoint, of "
                            + experiment.trainerConfig().numEnvSteps() + " environment steps, is on disk");
                    return 0;
                }
                // stopped before its first checkpoint: nothing to continue from, so it starts over (same result)
                return train(experiment, status == TrialStatus.INTERRUPTED);
            }
        }
        CommandLineChecks.requireNamedPath("--run-dir", runDir);
        List<Path> files = new ArrayList<>();
        if (source.conf != null) {
            files.addAll(source.conf);
        }
        if (source.positional != null) {
            files.addAll(source.positional);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("give a config file (--conf FILE) or --resume DIR");
        }
        List<String> all = new ArrayList<>(params);
        if (seed != null) {
            all.add("TrainerConfig.seed=" + seed);
        }
        if (tensorboard != null) {
            all.add("TrainerConfig.tensorboard=" + tensorboard);
        }
        Path dir = runDir;
        if (dir == null) {
            long runSeed = ConfigBinder.load(Registry.create(), files, all).build(TrainerConfig.class).seed();
            String name = files.get(files.size() - 1).getFileName().toString().replaceFirst("\\.conf$", "");
            dir = Path.of("runs", name, "seed-" + runSeed);
        }
        refuseExistingRun(dir);
        // built before the directory is created and locked, so a configuration error leaves nothing behind
        try (Experiment experiment = Experiment.assemble(files, all, dir);
             RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            refuseExistingRun(dir); // again, now that no other process can be writing there
            experiment.writeOperativeConfig();
            return train(experiment, false);
        }
    }

    /** Refuses a directory that holds any file of a run (a new run would overwrite it). */
    private static void refuseExistingRun(Path dir) {
        if (Files.exists(dir.resolve("checkpoints")) || Files.exists(dir.resolve("metrics.csv"))) {
            throw new IllegalArgumentException("run directory " + dir + " already holds a run: continue it with "
                    + "'alf train --resume " + dir + "' or choose another --run-dir");
        }
        for (String name : RUN_FILES) {
            Path file = dir.resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("run directory " + dir + " already holds " + file + " (a file a "
                        + "run writes) but no metrics: move or remove it, or choose another --run-dir");
            }
        }
    }

    /** Exit status of a run stopped by Ctrl-C or {@code kill} after checkpointing (the shell's 128 + SIGINT). */
    static final int STOPPED = 130;

    private int train(Experiment experiment, boolean resume) {
        System.err.println("run directory: " + experiment.runDir().toAbsolutePath());
        RLTrainer trainer = experiment.trainer();
        try (StopOnSignal stop = StopOnSignal.install(trainer::requestStop)) {
            try (ProgressDisplay progress = ProgressDisplay.create(quiet)) {
                trainer.run(resume, progress);
            }
            if (trainer.stoppedEarly()) {
                System.err.println("stopped at " + trainer.envSteps() + " environment steps with a checkpoint of "
                        + "that step; continue with 'alf train --resume " + experiment.runDir() + "'");
                return STOPPED;
            }
        }
        Path png = experiment.runDir().resolve(PLOT);
        LearningCurvePlot.write(List.of(experiment.runDir()), png);
        System.err.printf("final greedy return %.1f; metrics %s; plot %s%n", experiment.trainer().lastEvalReturn(),
                experiment.runDir().resolve("metrics.csv"), png);
        return 0;
    }
}
