package alf.benchmarks;

import alf.rl.LossInfo;
import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.data.BoundedTensorSpec;
import alf.data.Experience;
import alf.data.ReplayBuffer;
import alf.data.SampledBatch;
import alf.optimizers.Adam;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.tensor.cpu.Gemm;
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

/**
 * One SAC gradient update as configs/sac_pendulum.conf runs it — sample a batch of 256 from the replay buffer (into the
 * previous update's batch tensors, as {@code RLTrainer} does), losses of twin 256-256 critics, the actor and the
 * temperature, one backward, three Adam steps, Polyak targets — which is what bounds training throughput (environment
 * steps/s = 1/this time with one update per step).
 *
 * <p>Parameters: {@code shape} is observation×action size — {@code 3x1} (Pendulum) or {@code 17x6} (HalfCheetah-sized);
 * {@code gemmThreads} caps the GEMM's threads ({@link Gemm#setMaxThreads}); {@code capture} is SacAlgorithm.capture. {@code benchmarks/pytorch/sac_update.py}
 * times the same update in PyTorch eager, and {@code benchmarks/compare-sac-update.sh} runs both side by side.
 */
// the forked JVM needs the Vector API module, else the CPU backend runs its scalar kernels (~40x slower here)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SacUpdateBenchmark {
    /** Transitions per update (256 in configs/sac_pendulum.conf). */
    @Param({"256"})
    public int batch = 256;
    /** Width of both hidden layers of the actor and of each critic (256-256 in the Pendulum config). */
    @Param({"256"})
    public int hidden = 256;

    private SacAlgorithm sac;
    private ReplayBuffer buffer;
    private Rng replayRng;
    private Rng trainRng;
    /** The previous update's batch, refilled by the next sample as the trainer does. */
    private SampledBatch sampled;

    /** Observation size × action size. */
    @Param({"3x1", "17x6"})
    public String shape;

    /** Threads the GEMM may use. */
    @Param({"2"})
    public int gemmThreads;

    /** Replay the update from captured plans (SacAlgorithm.capture) or run it eagerly. */
    @Param({"true", "false"})
    public boolean capture;

    private static Adam adam() {
        return new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null);
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] sizes = shape.split("x");
        int obsSize = Integer.parseInt(sizes[0]);
        int actSize = Integer.parseInt(sizes[1]);
        Gemm.setMaxThreads(gemmThreads);
        BoundedTensorSpec obs = BoundedTensorSpec.uniform(new int[] {obsSize}, DType.FLOAT32, "obs", -8, 8);
        BoundedTensorSpec act = BoundedTensorSpec.uniform(new int[] {actSize}, DType.FLOAT32, "action", -2, 2);
        int[] layers = {hidden, hidden};
        sac = new SacAlgorithm(obs, act, new Rng(0), layers, layers, adam(), null, null,
                null, 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, capture);
        buffer = new ReplayBuffer(10_000, obs.toTensorSpec(), act.toTensorSpec());
        Rng data = new Rng(1);
        int n = 10_000;
        buffer.add(new Experience(Tensor.randn(data, n, obsSize), Tensor.uniform(data, -2, 2, DType.FLOAT32, n, actSize),
                Tensor.randn(data, n), Tensor.ones(n), Tensor.randn(data, n, obsSize)));
        replayRng = new Rng(2);
        trainRng = new Rng(3);
    }

    /** The captured update's calls timed in program order over {@code replays} replays ({@link alf.tensor.plan.Plan#profile}). */
    public java.util.Map<String, Double> profileUpdate(int replays) {
        return sac.capturedUpdatePlan().profile(replays);
    }

    /** How the captured update's lanes spent {@code replays} replays ({@link alf.tensor.plan.Plan#profileLanes}). */
    public alf.tensor.plan.LaneProfile profileLanes(int replays) {
        return sac.capturedUpdatePlan().profileLanes(replays);
    }

    /** Threads the captured update's replay deals its calls out to (0 when eager or before the first replay). */
    public int captureLanes() {
        return sac.captureLanes();
    }

    @Benchmark
    public double update() {
        sampled = buffer.sample(batch, 0.0, replayRng, sampled);
        LossInfo info = sac.trainStep(sampled, trainRng);
        sac.update(info);
        sac.afterUpdate();
        return sac.alpha();
    }
}
