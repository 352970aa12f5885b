package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.algorithms.sac.SacAlgorithm;
import alf.algorithms.sac.StdTransform;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.optimizers.Adam;
import alf.rl.Environment;
import alf.tensor.Rng;
import alf.trainers.RLTrainer;
import alf.trainers.TrainerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop's collection allocates (next to) nothing in the steady state: an iteration of {@link RLTrainer}
 * before learning starts — a random action, one environment step, the replay add and the episode accumulation — read
 * off HotSpot's per-thread allocation counter over many iterations after a warm-up. (The updates' share is measured by
 * the JMH benchmarks {@code TrainingIterationBenchmark} and {@code TrainingLoopAllocation}: what the JIT removes there
 * varies between runs, too much for a unit test.)
 */
class CollectionAllocationTest {

    @Test
    void collectingAllocatesUnderSixteenBytesPerIteration(@TempDir Path runDir) {
        com.sun.management.ThreadMXBean threads = alf.testing.JvmAllocation.counterForAllocationFreePhysics();
        // learning never starts: every iteration collects one step with random actions
        TrainerConfig config = new TrainerConfig(2_000_000, 1_000_000, 256, 10_000, 1, 1_000_000, 1, 0, 1, 0, false,
                0.6, 0.4, 1e-6, false, 0, "cpu");
        Environment env = ClassicControl.environment(Pendulum.ID, 2, 1);
        Environment evalEnv = ClassicControl.environment(Pendulum.ID, 1, 1);
        int[] layers = {8};
        SacAlgorithm sac = new SacAlgorithm(env.observationSpec(), env.actionSpec(), new Rng(0), layers, layers,
                new Adam(3e-4, 0.9, 0.999, 1e-8, 0, false, null, null), null, null, null, 0.99, 0.005, 1, 1.0, null,
                null, 2, true, StdTransform.CLIPPED_EXP, true, true);
        RLTrainer trainer = new RLTrainer(config, env, evalEnv, sac, runDir);
        for (int i = 0; i < 4000; i++) {
            trainer.iterate();
        }
        long thread = Thread.currentThread().getId();
        int iterations = 4000; // 40 episode ends in each of the 2 rows: their transitions are stored too
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < iterations; i++) {
            trainer.iterate();
        }
        long perIteration = (threads.getThreadAllocatedBytes(thread) - before) / iterations;
        // before the reused time steps, random actions and replay writes an iteration allocated about 2 KB
        assertTrue(perIteration < 16, "bytes allocated per collecting iteration: " + perIteration);
    }
}
