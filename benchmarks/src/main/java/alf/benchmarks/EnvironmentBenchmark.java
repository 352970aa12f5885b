package alf.benchmarks;

import alf.data.BoundedTensorSpec;
import alf.data.TimeStep;
import alf.environments.box2d.BipedalWalker;
import alf.environments.box2d.LunarLander;
import alf.rl.Environment;
import alf.environments.classic.CartPole;
import alf.environments.classic.Pendulum;
import alf.environments.simulator.Simulator;
import alf.environments.tasks.Tasks;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Environment steps per second: the bare physics, one environment through the batched API ({@link TimeStep}
 * tensors included), and a batch of {@value #BATCH} copies on 1 or 2 threads. Every score is in
 * sub-environment steps per second (batched methods count {@value #BATCH} steps per call). Episodes end and
 * auto-reset as they would in training. Run: {@code java -jar benchmarks/target/benchmarks.jar
 * EnvironmentBenchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvironmentBenchmark {

    /** Copies in the batched benchmarks. */
    public static final int BATCH = 64;

    /** A fixed action for every copy: index i mod n for discrete tasks, 0.5 in every component otherwise. */
    private static Tensor constantAction(BoundedTensorSpec spec, int batch) {
        double[] a = constantRow(spec, batch);
        return Tensor.of(a, DType.FLOAT64, spec.batchedShape(batch)).to(spec.dtype());
    }

    private static double[] constantRow(BoundedTensorSpec spec, int batch) {
        double[] a = new double[batch * spec.numel()];
        for (int i = 0; i < a.length; i++) {
            a[i] = spec.isDiscrete() ? i % ((long) spec.maximum(0) + 1) : 0.5;
        }
        return a;
    }

    /** The bare simulator, no tensors. */
    @State(Scope.Thread)
    public static class PhysicsState {
        @Param({Pendulum.ID, CartPole.ID, LunarLander.DISCRETE_ID, LunarLander.CONTINUOUS_ID, BipedalWalker.ID})
        public String envId;
        Simulator simulator;
        Rng rng;
        double[] action;
        double[] observation;
        long steps;

        @Setup(Level.Trial)
        public void setUp() {
            simulator = Tasks.create(envId);
            rng = new Rng(1);
            simulator.reset(rng);
            action = constantRow(simulator.actionSpec(), 1);
            observation = new double[simulator.observationSpec().numel()];
        }
    }

    /** One environment through the batched API. */
    @State(Scope.Thread)
    public static class SingleState {
        @Param({Pendulum.ID, CartPole.ID, LunarLander.DISCRETE_ID, LunarLander.CONTINUOUS_ID, BipedalWalker.ID})
        public String envId;
        Environment env;
        Tensor action;

        @Setup(Level.Trial)
        public void setUp() {
            env = Tasks.environment(envId, 1, 1);
            env.seed(1);
            env.reset();
            action = constantAction(env.actionSpec(), 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    /** {@value #BATCH} copies on {@code numThreads} threads (1 = serial on the caller's thread). */
    @State(Scope.Thread)
    public static class BatchState {
        @Param({Pendulum.ID, CartPole.ID, LunarLander.DISCRETE_ID, LunarLander.CONTINUOUS_ID, BipedalWalker.ID})
        public String envId;
        @Param({"1", "2"})
        public int numThreads;
        Environment env;
        Tensor action;

        @Setup(Level.Trial)
        public void setUp() {
            env = Tasks.environment(envId, BATCH, numThreads);
            env.seed(1);
            env.reset();
            action = constantAction(env.actionSpec(), BATCH);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    /** One simulator step plus reading its observation; resets when the episode ends. */
    @Benchmark
    public double physicsOnly(PhysicsState s) {
        Simulator sim = s.simulator;
        sim.step(s.action);
        sim.observe(s.observation, 0);
        if (sim.terminated() || sim.truncated()) {
            sim.reset(s.rng);
        }
        return s.observation[0] + sim.reward();
    }

    /** One step of a one-copy batched environment. */
    @Benchmark
    public TimeStep singleEnvironment(SingleState s) {
        return s.env.step(s.action);
    }

    /** One step of {@value #BATCH} copies. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public TimeStep batchedEnvironment(BatchState s) {
        return s.env.step(s.action);
    }
}
