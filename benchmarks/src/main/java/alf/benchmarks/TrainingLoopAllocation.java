package alf.benchmarks;

import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.data.ReplayBuffer;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.environments.tasks.Tasks;
import alf.optimizers.Adam;
import alf.rl.Environment;
import alf.rl.LossInfo;
import alf.tensor.GradMode;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Where the training loop still allocates: the bytes each part of one iteration allocates on the calling thread
 * (HotSpot's per-thread allocation counter, {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}),
 * averaged over {@value #MEASURED} steps after {@value #WARM} warm-up steps — the parts {@code RLTrainer} runs per
 * iteration, driven the same way: the SAC rollout action (in a no-grad block, as the trainer runs it), the environment
 * step, the replay add of the transition straight from the two time steps, the replay sample into the previous batch,
 * the captured update ({@code trainStep} and {@code update}) and the target update ({@code afterUpdate}). {@link TrainingIterationBenchmark} measures the whole iteration with JMH's GC profiler; this
 * splits it up. Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * alf.benchmarks.TrainingLoopAllocation [TASK]} (default Pendulum-v1).
 */
public final class TrainingLoopAllocation {
    private static final int WARM = 3000;
    private static final int MEASURED = 500;
    private static final String[] PARTS = {"rollout action", "environment step", "replay add", "replay sample",
        "captured update (trainStep)", "target update (afterUpdate)"};

    private TrainingLoopAllocation() {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Prints the bytes per call of each part for the task named by the first argument. */
    public static void main(String[] args) {
        String task = args.length > 0 ? args[0] : "Pendulum-v1";
        Environment env = Tasks.environment(task, 1, 1);
        int[] layers = {256, 256};
        Adam adam = new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null);
        SacAlgorithm sac = new SacAlgorithm(env.observationSpec(), env.actionSpec(), new Rng(0), layers, layers, adam,
                null, null, null, 0.99, 0.005, 1, 1.0, null, null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        ReplayBuffer replay = new ReplayBuffer(100_000, env.observationSpec().toTensorSpec(),
                env.actionSpec().toTensorSpec());
        Rng collect = new Rng(1);
        Rng sampling = new Rng(2);
        Rng train = new Rng(3);
        env.seed(4);
        TimeStep current = env.reset();
        SampledBatch batch = null;
        long[] bytes = new long[PARTS.length];
        long[] mark = new long[PARTS.length + 1];
        for (int step = 0; step < WARM + MEASURED; step++) {
            mark[0] = allocated();
            Tensor action;
            try (GradMode.Scope scope = GradMode.noGrad()) {
                action = sac.rolloutAction(current, collect);
            }
            mark[1] = allocated();
            TimeStep next = env.step(action);
            mark[2] = allocated();
            replay.add(current, action, next);
            mark[3] = allocated();
            current = next;
            if (replay.size() < 256) {
                continue;
            }
            batch = replay.sample(256, 0.0, sampling, batch);
            mark[4] = allocated();
            LossInfo info = sac.trainStep(batch, train);
            sac.update(info);
            mark[5] = allocated();
            sac.afterUpdate();
            mark[6] = allocated();
            if (step >= WARM) {
                for (int p = 0; p < PARTS.length; p++) {
                    bytes[p] += mark[p + 1] - mark[p];
                }
            }
        }
        System.out.println(task + ": bytes allocated per call, mean of " + MEASURED + " steps after " + WARM);
        long total = 0;
        for (int p = 0; p < PARTS.length; p++) {
            System.out.printf("  %-30s %8d%n", PARTS[p], bytes[p] / MEASURED);
            total += bytes[p];
        }
        System.out.printf("  %-30s %8d%n", "total", total / MEASURED);
    }
}
