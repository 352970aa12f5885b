package alf.benchmarks;

import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.environments.classic.Pendulum;
import alf.environments.tasks.Tasks;
import alf.optimizers.Adam;
import alf.rl.Environment;
import alf.tensor.Rng;
import alf.tensor.cpu.Gemm;
import alf.tensor.plan.CapturedStep;
import alf.trainers.Evaluation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One greedy evaluation as {@code alf train configs/sac_pendulum.conf} runs it every 1,000 steps
 * ({@link Evaluation#run}): 50 Pendulum-v1 episodes of 200 steps at once, each step the SAC actor's mode (256-256
 * encoder) for the batch of 50 and one batched environment step. {@code capture} true replays the greedy action from
 * its captured plan, false builds it eagerly (define-by-run) each step, as {@code SacAlgorithm.capture} chooses. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar EvaluationBenchmark -f 1 -wi 3 -i 5 -prof gc} (milliseconds and
 * bytes allocated per evaluation).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EvaluationBenchmark {
    /** Episodes per evaluation, as {@code TrainerConfig.numEvalEpisodes} in configs/sac_pendulum.conf. */
    private static final int EPISODES = 50;

    /** Whether the greedy action is replayed from a captured plan. */
    @Param({"true", "false"})
    public boolean capture;

    private Environment evalEnv;
    private SacAlgorithm sac;
    private long evaluations;

    @Setup(Level.Trial)
    public void setUp() {
        Gemm.setMaxThreads(2);
        evalEnv = Tasks.environment(Pendulum.ID, EPISODES, 1);
        int[] layers = {256, 256};
        sac = new SacAlgorithm(evalEnv.observationSpec(), evalEnv.actionSpec(), new Rng(0), layers, layers, adam(),
                adam(), adam(), adam(), 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true,
                capture);
        evaluate();
        CapturedStep.Phase expected = capture ? CapturedStep.Phase.REPLAYING : null;
        if (sac.greedyActionPhase() != expected) {
            throw new IllegalStateException("after the first evaluation the greedy action should be " + expected
                    + ", is " + sac.greedyActionPhase());
        }
    }

    private static Adam adam() {
        return new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        evalEnv.close();
    }

    /** One evaluation of 50 episodes, seeded afresh as the trainer seeds each. */
    @Benchmark
    public double evaluate() {
        return Evaluation.run(evalEnv, sac, 1000 + evaluations++, EPISODES).meanReturn();
    }
}
