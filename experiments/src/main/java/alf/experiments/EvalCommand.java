package alf.experiments;

import alf.io.Checkpointer;
import alf.io.Stateful;
import alf.trainers.Evaluation;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() {
        try (Experiment experiment = Experiment.load(runDir)) {
            Checkpointer.Loaded ckpt = experiment.trainer().checkpointer().loadLatest().orElseThrow(() ->
                    new IllegalStateException("no checkpoint in " + experiment.trainer().checkpointer().directory()));
            @SuppressWarnings("unchecked")
            Map<String, Object> algorithmState = (Map<String, Object>) ckpt.state().get("algorithm");
            experiment.algorithm().loadStateDict(algorithmState);
            if (experiment.trainingEnvironment() instanceof Stateful env) {
                @SuppressWarnings("unchecked")
                Map<String, Object> envState = (Map<String, Object>) ckpt.state().get("env");
                if (envState != null) {
                    env.loadStateDict(envState); // observation statistics the evaluation environment follows
                }
            }
            int n = episodes != null ? episodes : experiment.trainerConfig().numEvalEpisodes();
            boolean own = episodes != null && episodes != experiment.trainerConfig().numEvalEpisodes();
            var env = own ? experiment.environmentAssembly().createEvaluation(n, experiment.trainingEnvironment())
                    : experiment.evaluationEnvironment();
            try {
                Evaluation.Result r = Evaluation.run(env, experiment.algorithm(), seed, n);
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
