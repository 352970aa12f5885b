package alf.experiments;

import alf.io.Checkpointer;
import alf.io.Stateful;
import alf.trainers.Evaluation;
import alf.trainers.TrainerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alf eval}: greedy episodes with the newest checkpoint of a run. */
@Command(name = "eval", description = "Run greedy episodes with the newest checkpoint of a run directory.")
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "run directory")
    private Path runDir;

    @Option(names = "--episodes", description = "number of greedy episodes (default: the run's numEvalEpisodes)")
    private Integer episodes;

    @Option(names = "--seed", description = "seed of the evaluation environment", defaultValue = "12345")
    private long seed;

    @Option(names = "--quiet", description = "no progress bar (finished episodes, on standard error) and no INFO log lines")
    private boolean quiet;

    @Override
    public Integer call() {
        if (episodes != null && (episodes < 1 || episodes > TrainerConfig.MAX_EVAL_EPISODES)) {
            throw new IllegalArgumentException("--episodes must lie in [1, " + TrainerConfig.MAX_EVAL_EPISODES
                    + "] (the episodes run as one batch), got " + episodes);
        }
        try (Experiment experiment = Experiment.load(runDir)) {
            Checkpointer.Loaded ckpt = experiment.trainer().checkpointer()
                    .loadLatest(loaded -> {
                        experiment.algorithm().loadStateDict(loaded.state().dict("algorithm"));
                        if (experiment.trainingEnvironment() instanceof Stateful env && loaded.state().has("env")) {
                            // observation statistics the evaluation environment follows
                            env.loadStateDict(loaded.state().dict("env"));
                        }
                    })
                    .orElseThrow(() -> new IllegalStateException("no checkpoint in "
                            + experiment.trainer().checkpointer().directory()));
            long planned = experiment.trainerConfig().numEnvSteps();
            if (ckpt.step() < planned) {
                System.err.printf("note: %s is not finished: evaluating its newest usable checkpoint, of step %d "
                        + "of %d (resume it with 'alf train --resume %s')%n", runDir, ckpt.step(), planned, runDir);
            }
            int n = episodes != null ? episodes : experiment.trainerConfig().numEvalEpisodes();
            boolean own = episodes != null && episodes != experiment.trainerConfig().numEvalEpisodes();
            var env = own ? experiment.environmentAssembly().createEvaluation(n, experiment.trainingEnvironment())
                    : experiment.evaluationEnvironment();
            try {
                Evaluation.Result r;
                try (ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("eval").setInitialMax(n)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" episodes", 1).setUpdateIntervalMillis(500)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build()) {
                    r = Evaluation.run(env, experiment.algorithm(), seed, n, finished -> {
                        if (bar != null) {
                            bar.stepTo(finished);
                        }
                    });
                }
                System.out.printf("checkpoint %s (%d environment steps): %d greedy episodes, mean return %.2f, "
                        + "mean length %.1f%n", ckpt.path().getFileName(), ckpt.step(), n, r.meanReturn(),
                        r.meanLength());
                for (int i = 0; i < r.returns().length; i++) {
                    System.out.printf("  episode %d: %.2f%n", i, r.returns()[i]);
                }
            } finally {
                if (own) {
                    env.close();
                }
            }
        }
        return 0;
    }
}
