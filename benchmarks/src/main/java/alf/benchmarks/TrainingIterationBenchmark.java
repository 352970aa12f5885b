package alf.benchmarks;

import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.data.BoundedTensorSpec;
import alf.environments.box2d.BipedalWalker;
import alf.environments.classic.Pendulum;
import alf.environments.tasks.Tasks;
import alf.optimizers.Adam;
import alf.rl.Environment;
import alf.tensor.Rng;
import alf.tensor.cpu.Gemm;
import alf.trainers.RLTrainer;
import alf.trainers.SeedPlan;
import alf.trainers.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * One whole iteration of the off-policy training loop as {@code alf train} runs it ({@link RLTrainer#iterate()}):
 * the rollout action of the SAC policy, one environment step, the transition added to the replay buffer, a batch of
 * 256 sampled, the captured SAC update (twin 256-256 critics, three Adam steps, Polyak targets), the finiteness checks
 * and the metric accumulation. Run it with JMH's GC profiler to see the loop's steady-state allocation per iteration:
 * {@code java -jar benchmarks/target/benchmarks.jar TrainingIterationBenchmark -f 1 -wi 3 -i 3 -w 1s -r 1s -prof gc}
 * ({@code gc.alloc.rate.norm}, bytes per iteration).
 *
 * <p>{@code task} is Pendulum-v1 (observation 3, action 1) or BipedalWalker-v3 (24, 4), one environment, settings of
 * {@code configs/sac_pendulum.conf} (an Adam of its own for the actor, the critics and the temperature, batch 256, 1,000 random steps first). Setup runs past the random steps and the
 * update's capture, so every measured iteration updates from the replayed plan; episodes end and restart as in
 * training.
 */
// the forked JVM needs the Vector API module, else the CPU backend runs its scalar kernels (~40x slower here)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingIterationBenchmark {
    /** Random steps before learning, as in configs/sac_pendulum.conf. */
    private static final int INITIAL_COLLECT_STEPS = 1000;
    /** Iterations with updates done in setup: the first update runs eagerly, the next two are captured. */
    private static final int WARM_UPDATES = 20;

    /** The training task. */
    @Param({Pendulum.ID, BipedalWalker.ID})
    public String task;

    /** Threads the GEMM may use. */
    @Param({"2"})
    public int gemmThreads;

    private Path runDir;
    private RLTrainer trainer;

    /** Adam with lr 3e-4, as each part's optimizer in configs/sac_pendulum.conf. */
    private static Adam adam() {
        return new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Gemm.setMaxThreads(gemmThreads);
        TrainerConfig config = new TrainerConfig(Long.MAX_VALUE / 2, INITIAL_COLLECT_STEPS, 256, 100_000, 1,
                1000, 1, 0, 1, 0, false, 0.6, 0.4, 1e-6, false, 0, "cpu");
        Environment env = Tasks.environment(task, 1, 1);
        Environment evalEnv = Tasks.environment(task, 1, 1);
        BoundedTensorSpec obs = env.observationSpec();
        BoundedTensorSpec act = env.actionSpec();
        int[] layers = {256, 256};
        Rng model = SeedPlan.of(config.seed()).model();
        SacAlgorithm sac = new SacAlgorithm(obs, act, model, layers, layers, adam(), adam(), adam(), adam(), 0.99,
                0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        runDir = Files.createTempDirectory("alf-training-iteration");
        trainer = new RLTrainer(config, env, evalEnv, sac, runDir);
        while (trainer.envSteps() < INITIAL_COLLECT_STEPS + WARM_UPDATES) {
            trainer.iterate();
        }
        if (sac.capturePhase() != alf.tensor.plan.CapturedStep.Phase.REPLAYING) {
            throw new IllegalStateException("the SAC update is not replaying a plan after setup: "
                    + sac.capturePhase() + " (" + sac.captureEagerReason() + ")");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public long iteration() {
        trainer.iterate();
        return trainer.envSteps();
    }
}
