package alf.tensor.cpu;

import alf.tensor.SharedCores;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of daemon worker threads ({@code availableProcessors - 1} of them) that share one product
 * with the calling thread. C is cut along the side {@link Gemm} chooses (usually the longer one) into
 * {@value #CHUNKS_PER_THREAD} chunks per thread (row chunks aligned to MR, column chunks aligned to NR) which the
 * caller, the woken workers and any {@linkplain SharedCores#idleHelpers() helping} replay lane claim one at a time, so
 * a thread that is slow to get a core (the machine may be shared) costs little: the others take its chunks. While a
 * plan replays on several lanes the team wakes only as many workers as there are cores the lanes do not hold
 * ({@link SharedCores#coresHeldByLanes()}); a lane waiting for another one lends its core instead. Who computes a chunk
 * does not change its result. The team serves one product at a time; a caller that finds it busy computes its product
 * alone. Handing out work allocates nothing: the product's description lives in one reusable {@link Job}. The chunks
 * run {@link Gemm}'s block kernels, so results are those of a single-threaded product.
 *
 * <p><b>Claiming.</b> One atomic word holds the product's sequence number (high bits) and how many chunks are still
 * unclaimed (low bits); a thread claims the next chunk with a compare-and-set that decrements the count, so a thread
 * that arrives after the product is done, or while a later one is posted, can never claim a chunk of the wrong
 * product. The owner returns once every chunk has completed ({@code completed} reaches the count).
 */
final class GemmTeam implements SharedCores.Shareable {
    static final GemmTeam INSTANCE = new GemmTeam(Runtime.getRuntime().availableProcessors() - 1);
    /** How long a waiting thread spins before parking. */
    static final long SPIN_NANOS = 10_000;
    /** Bits of {@link #unclaimed} that count chunks (the rest number the products). */
    private static final int CHUNK_BITS = 20;
    private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;

    private final Worker[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Job job = new Job();
    /** Product number (high bits) and chunks not yet claimed (low {@value #CHUNK_BITS} bits). */
    private final AtomicLong unclaimed = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private long products;
    private volatile Thread owner;
    private volatile Throwable failure;

    private GemmTeam(int size) {
        workers = new Worker[Math.max(0, size)];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker(this, t + 1);
            workers[t].start();
        }
    }

    /** Workers of the team (threads besides the caller). */
    int size() {
        return workers.length;
    }

    /**
     * Threads (caller included) that a product can use now: the caller, the workers on cores that replay lanes do not
     * hold, and the lanes waiting to help.
     */
    int threadsAvailable() {
        return 1 + freeWorkers() + SharedCores.idleHelpers();
    }

    /** Workers on cores that replay lanes do not hold: the ones a product may wake. */
    private int freeWorkers() {
        return Math.max(0, workers.length - SharedCores.coresHeldByLanes());
    }

    boolean tryRun(int parts, boolean byRows, int m, int n, int mr, int nr, int path, int k,
                   float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
                   float[] bias, int biasOff, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            job.set(path, k, aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, accumulate);
            job.fa = a;
            job.fb = b;
            job.fc = c;
            job.fbias = bias;
            job.biasOff = biasOff;
            run(parts, byRows, m, n, mr, nr);
            return true;
        } finally {
            job.clear();
            lock.unlock();
        }
    }

    boolean tryRun(int parts, boolean byRows, int m, int n, int mr, int nr, int path, int k,
                   double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            job.set(path, k, aOff, aRs, aCs, bOff, bRs, bCs, cOff, ldc, accumulate);
            job.da = a;
            job.db = b;
            job.dc = c;
            run(parts, byRows, m, n, mr, nr);
            return true;
        } finally {
            job.clear();
            lock.unlock();
        }
    }

    /**
     * Posts the product's chunks, wakes the workers on free cores and offers the chunks to helping lanes, computes
     * chunks itself, then waits until every chunk has completed.
     */
    private void run(int parts, boolean byRows, int m, int n, int mr, int nr) {
        int len = byRows ? m : n;
        int unit = byRows ? mr : nr;
        int units = (len + unit - 1) / unit;
        int chunks = Math.min(units, parts * CHUNKS_PER_THREAD);
        job.setChunks(byRows, m, n, len, unit, units, chunks);
        completed.set(0);
        failure = null;
        owner = Thread.currentThread();
        products++;
        unclaimed.set(products << CHUNK_BITS | chunks); // publishes the job to every thread that claims a chunk
        int wake = Math.min(parts - 1, freeWorkers());
        for (int t = 0; t < wake; t++) {
            workers[t].wake();
        }
        boolean offered = wake < parts - 1 && SharedCores.offer(this);
        try {
            runShares();
            long start = System.nanoTime();
            while (completed.get() < chunks) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            if (offered) {
                SharedCores.withdraw(this);
            }
            owner = null;
        }
        Throwable f = failure;
        failure = null;
        if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error err) {
            throw err;
        } else if (f != null) {
            throw new IllegalStateException("GEMM worker failed", f);
        }
    }

    /** Claims the next chunk of the posted product: its index, or -1 when none is left. */
    private int claim() {
        while (true) {
            long v = unclaimed.get();
            int left = (int) (v & CHUNK_MASK);
            if (left == 0) {
                return -1;
            }
            if (unclaimed.compareAndSet(v, v - 1)) {
                return left - 1;
            }
        }
    }

    /**
     * Claims and computes chunks until none is left (the owner, the workers and helping lanes call it); a failure is
     * kept for the owner, and the chunk still counts as completed so that the owner does not wait forever.
     */
    @Override
    public boolean runShares() {
        boolean ran = false;
        int chunk;
        while ((chunk = claim()) >= 0) {
            ran = true;
            int total = job.chunks;
            Thread waiting = owner;
            try {
                job.runChunk(chunk);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            if (completed.incrementAndGet() == total && waiting != Thread.currentThread()) {
                LockSupport.unpark(waiting);
            }
        }
        return ran;
    }

    /** Chunks of C per participating thread: enough for a late worker to cost little, few enough to pack little. */
    static final int CHUNKS_PER_THREAD = 2;

    /** One worker of the team: waits to be woken, computes chunks while any is left. */
    private static final class Worker extends Thread {
        private final GemmTeam team;
        /** Wake-ups handed to this worker; it works whenever this differs from what it has seen. */
        private volatile long wakeups;

        Worker(GemmTeam team, int index) {
            super("alf-gemm-" + index);
            this.team = team;
            setDaemon(true);
        }

        /** Called by the team's owner after posting a product. */
        void wake() {
            wakeups++;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                while (wakeups == seen) {
                    if (System.nanoTime() - start < GemmTeam.SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = wakeups;
                team.runShares();
            }
        }
    }

    /** The product the team is working on; written by the owner before posting, read-only while running. */
    private static final class Job {
        private int path;
        private int k;
        private int aOff;
        private int aRs;
        private int aCs;
        private int bOff;
        private int bRs;
        private int bCs;
        private int cOff;
        private int ldc;
        private boolean accumulate;
        private boolean byRows;
        private int m;
        private int n;
        private int len;
        private int unit;
        private int units;
        private int chunks;
        private float[] fa;
        private float[] fb;
        private float[] fc;
        /** The float product's bias for the bias + ReLU epilogue, or null for a plain product. */
        private float[] fbias;
        private int biasOff;
        private double[] da;
        private double[] db;
        private double[] dc;

        void set(int path, int k, int aOff, int aRs, int aCs, int bOff, int bRs, int bCs, int cOff, int ldc,
                 boolean accumulate) {
            this.path = path;
            this.k = k;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
        }

        /** Drops the operand references so the team does not keep arrays alive. */
        void clear() {
            fa = null;
            fb = null;
            fc = null;
            fbias = null;
            da = null;
            db = null;
            dc = null;
        }

        void setChunks(boolean byRows, int m, int n, int len, int unit, int units, int chunks) {
            this.byRows = byRows;
            this.m = m;
            this.n = n;
            this.len = len;
            this.unit = unit;
            this.units = units;
            this.chunks = chunks;
        }

        /** Computes chunk {@code index} of {@code chunks}: a run of whole units along C's split side. */
        void runChunk(int index) {
            int lo = Math.min(len, (int) ((long) index * units / chunks) * unit);
            int hi = Math.min(len, (int) ((long) (index + 1) * units / chunks) * unit);
            if (byRows) {
                run(lo, hi, 0, n);
            } else {
                run(0, m, lo, hi);
            }
        }

        /** Computes the block {@code [i0, i1) x [j0, j1)} of C. */
        void run(int i0, int i1, int j0, int j1) {
            if (fc != null) {
                Gemm.sgemmBlock(path, i1 - i0, j1 - j0, k, fa, aOff + i0 * aRs, aRs, aCs, fb, bOff + j0 * bCs,
                        bRs, bCs, fc, cOff + i0 * ldc + j0, ldc, accumulate);
                if (fbias != null) {
                    BiasReluKernel.floatRows(fc, cOff + i0 * ldc + j0, ldc, fbias, biasOff + j0, fc, cOff + i0 * ldc + j0,
                            ldc, i1 - i0, j1 - j0);
                }
            } else {
                Gemm.dgemmBlock(path, i1 - i0, j1 - j0, k, da, aOff + i0 * aRs, aRs, aCs, db, bOff + j0 * bCs,
                        bRs, bCs, dc, cOff + i0 * ldc + j0, ldc, accumulate);
            }
        }
    }
}
