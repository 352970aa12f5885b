package alf.environments.parallel;

import alf.data.TimeStep;
import alf.rl.EnvironmentException;
import alf.environments.simulator.BatchedSimulatorEnvironment;
import alf.environments.simulator.Simulator;
import alf.environments.simulator.SimulatorBatch;
import alf.environments.simulator.SubEnvironmentFailure;
import alf.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * A batched {@link alf.rl.Environment} whose N {@link Simulator} copies are stepped on a fixed thread pool, as
 * ALF's {@code ParallelAlfEnvironment} (but in threads, not processes). Rows are split into one contiguous
 * chunk per thread; each row writes only its own slots of preallocated arrays in env-id order, and copy i
 * draws its randomness from the i-th split of the base seed, so results are bit-identical whatever the
 * number of threads (see {@link SimulatorBatch}).
 *
 * <p>Failures: if a sub-environment throws, the whole call fails with the lowest failing env id in the
 * message ({@link IllegalArgumentException} for bad input, {@link EnvironmentException} otherwise) and the
 * environment must be reset. If the rows do not finish within the step timeout, the call fails with an
 * {@link EnvironmentException} naming the unfinished sub-environment, the workers are interrupted and the
 * environment becomes unusable (it never hangs). {@link #close()} shuts the pool down.
 */
public final class ParallelEnvironment extends BatchedSimulatorEnvironment {

    /** Default limit on one reset or step of the whole batch. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final ExecutorService pool;
    private final int[] chunkStart;
    private final long timeoutNanos;
    /** Per chunk: the row being worked on (for timeout messages). */
    private final AtomicIntegerArray currentRow;
    /** Per chunk: the failing row, or -1. */
    private final int[] failedRow;
    private final Throwable[] failure;
    private volatile boolean closed;
    private String unusableReason;

    /**
     * {@code numEnvs} copies built by {@code factory.apply(i)}, stepped on {@code numThreads} threads
     * (capped at {@code numEnvs}), each whole-batch call limited to {@code stepTimeout}.
     */
    public ParallelEnvironment(IntFunction<? extends Simulator> factory, int numEnvs, int numThreads,
                               Duration stepTimeout) {
        super(batchOf(factory, numEnvs));
        if (numThreads < 1) {
            throw new IllegalArgumentException("ParallelEnvironment: numThreads must be >= 1, got " + numThreads);
        }
        if (stepTimeout == null || stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("ParallelEnvironment: stepTimeout must be positive, got " + stepTimeout);
        }
        int chunks = Math.min(numThreads, numEnvs);
        this.chunkStart = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            chunkStart[c] = (int) ((long) c * numEnvs / chunks);
        }
        this.currentRow = new AtomicIntegerArray(chunks);
        this.failedRow = new int[chunks];
        this.failure = new Throwable[chunks];
        this.timeoutNanos = stepTimeout.toNanos();
        this.pool = Executors.newFixedThreadPool(chunks, daemonThreads(batch.name()));
    }

    /** {@code numEnvs} copies on {@code numThreads} threads with {@link #DEFAULT_STEP_TIMEOUT}. */
    public ParallelEnvironment(IntFunction<? extends Simulator> factory, int numEnvs, int numThreads) {
        this(factory, numEnvs, numThreads, DEFAULT_STEP_TIMEOUT);
    }

    private static SimulatorBatch batchOf(IntFunction<? extends Simulator> factory, int numEnvs) {
        List<Simulator> sims = build("ParallelEnvironment", factory, numEnvs);
        return new SimulatorBatch(sims.get(0).name(), sims);
    }

    private static ThreadFactory daemonThreads(String name) {
        int poolId = POOL_COUNTER.incrementAndGet();
        AtomicInteger threadId = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "alf-env-" + name + "-" + poolId + "-worker-" + threadId.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Number of worker threads. */
    public int numThreads() {
        return chunkStart.length - 1;
    }

    @Override
    public synchronized void seed(long seed) {
        requireUsable();
        batch.seed(seed);
    }

    @Override
    public synchronized TimeStep reset() {
        requireUsable();
        batch.beginReset();
        return runAll();
    }

    @Override
    public synchronized TimeStep step(Tensor action) {
        requireUsable();
        batch.beginStep(action);
        return runAll();
    }

    private TimeStep runAll() {
        int chunks = numThreads();
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            final int chunk = c;
            failedRow[c] = -1;
            failure[c] = null;
            currentRow.set(c, chunkStart[c]);
            futures.add(pool.submit(() -> runChunk(chunk)));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int c = 0; c < chunks; c++) {
            try {
                futures.get(c).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                futures.forEach(f -> f.cancel(true));
                batch.markFailed();
                int row = currentRow.get(c);
                unusableReason = "sub-environment " + row + " did not finish within " + Duration.ofNanos(timeoutNanos);
                throw new EnvironmentException(row, batch.name() + ": " + unusableReason, null);
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                batch.markFailed();
                Thread.currentThread().interrupt();
                throw new EnvironmentException(currentRow.get(c),
                        batch.name() + ": interrupted while waiting for the sub-environments", e);
            } catch (ExecutionException | CancellationException e) {
                // runChunk catches everything itself; reaching here is a bug in the pool, not in a row.
                batch.markFailed();
                throw new EnvironmentException(currentRow.get(c), batch.name() + ": worker failed: " + e, e);
            }
        }
        int worst = -1;
        int worstChunk = -1;
        for (int c = 0; c < chunks; c++) {
            if (failedRow[c] >= 0 && (worst < 0 || failedRow[c] < worst)) {
                worst = failedRow[c];
                worstChunk = c;
            }
        }
        if (worst >= 0) {
            batch.markFailed();
            throw SubEnvironmentFailure.wrap(batch.name(), worst, failure[worstChunk]);
        }
        return batch.finish();
    }

    private void runChunk(int chunk) {
        for (int i = chunkStart[chunk]; i < chunkStart[chunk + 1]; i++) {
            currentRow.set(chunk, i);
            try {
                batch.runRow(i);
            } catch (Throwable t) { // reported with its env id by the calling thread
                failedRow[chunk] = i;
                failure[chunk] = t;
                return;
            }
        }
    }

    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException(batch.name() + ": environment is closed");
        }
        if (unusableReason != null) {
            throw new IllegalStateException(batch.name() + ": environment is unusable after a timeout ("
                    + unusableReason + "); close it and build a new one");
        }
    }

    /** Shuts the pool down, interrupting any worker still running; idempotent. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }
}
