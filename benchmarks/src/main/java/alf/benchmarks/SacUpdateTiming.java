package alf.benchmarks;

import alf.tensor.Backends;
import java.util.Locale;

/**
 * {@link SacUpdateBenchmark}'s update timed by a plain loop, for machines where JMH's forked harness is not carried
 * (the GPU check, scripts/gpu-check.sh): the backend is made the default before the set-up, so networks, optimizer
 * state and the replay buffer all live on it.
 *
 * <p>Usage: {@code SacUpdateTiming BACKEND BATCH HIDDEN [WARMUP [ITERATIONS [GEMM_THREADS [SHAPE]]]]}, e.g.
 * {@code cuda 1024 1024} or {@code cpu 256 256 300 1500 2 3x1}; the update is captured (SacAlgorithm.capture), the
 * GEMM uses up to GEMM_THREADS threads (default: all cores) and SHAPE is observation×action size (default 3x1).
 * Prints one line with the mean and the best of ten blocks, in ms per update.
 */
public final class SacUpdateTiming {
    private SacUpdateTiming() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: SacUpdateTiming BACKEND BATCH HIDDEN [WARMUP [ITERATIONS [GEMM_THREADS [SHAPE]]]]");
            System.exit(2);
        }
        Backends.setDefault(args[0]);
        SacUpdateBenchmark bench = new SacUpdateBenchmark();
        bench.batch = Integer.parseInt(args[1]);
        bench.hidden = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        bench.gemmThreads = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
        bench.shape = args.length > 6 ? args[6] : "3x1";
        bench.capture = true;
        bench.setUp();
        for (int i = 0; i < warmup; i++) {
            bench.update();
        }
        int blocks = 10;
        int perBlock = Math.max(1, iterations / blocks);
        double best = Double.MAX_VALUE;
        long total = 0;
        for (int b = 0; b < blocks; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < perBlock; i++) {
                bench.update();
            }
            long elapsed = System.nanoTime() - start;
            total += elapsed;
            best = Math.min(best, elapsed / 1e6 / perBlock);
        }
        System.out.printf(Locale.ROOT, "sac-update backend=%s batch=%d hidden=%d-%d shape=%s "
                + "gemm_threads=%d replay_lanes=%d updates=%d mean_ms=%.4f best_block_ms=%.4f%n", args[0], bench.batch,
                bench.hidden, bench.hidden, bench.shape, bench.gemmThreads, bench.captureLanes(), blocks * perBlock,
                total / 1e6 / (blocks * perBlock), best);
        int profileReplays = Integer.getInteger("alf.profile", 0);
        if (profileReplays > 0 && bench.captureLanes() > 1) {
            System.out.println("lanes: " + bench.profileLanes(profileReplays));
        }
        if (profileReplays > 0) {
            java.util.Map<String, Double> profile = bench.profileUpdate(profileReplays);
            double sum = profile.values().stream().mapToDouble(Double::doubleValue).sum();
            profile.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                    .forEach(e -> System.out.printf(Locale.ROOT, "%-32s %8.1f us %5.1f%%%n", e.getKey(),
                            e.getValue() / 1e3, 100 * e.getValue() / sum));
            System.out.printf(Locale.ROOT, "%-32s %8.1f us%n", "total (in order, 1 lane)", sum / 1e3);
        }
    }
}
