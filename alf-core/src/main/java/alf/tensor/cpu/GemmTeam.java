package alf.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of daemon worker threads ({@code availableProcessors - 1} of them) that share one product
 * with the calling thread. C is cut along the side {@link Gemm} chooses (usually the longer one) into
 * {@value #CHUNKS_PER_THREAD} chunks per thread (row chunks aligned to MR, column chunks aligned to NR) which the
 * caller and the woken workers claim from a shared counter, so a worker that is slow to get a core (the machine may be shared) costs little: the
 * caller takes its chunks, and withdraws the offer to a worker that has not started by the time all chunks
 * are claimed. Who computes a chunk does not change its result. The team serves one product at a time; a
 * caller that finds it busy computes its product alone. Handing out work allocates nothing: the product's
 * description lives in one reusable {@link Job}. The chunks run {@link Gemm}'s block kernels, so results are those
 * of a single-threaded product.
 */
final class GemmTeam {
    static final GemmTeam INSTANCE = new GemmTeam(Runtime.getRuntime().availableProcessors() - 1);
    /** How long a waiting thread spins before parking. */
    static final long SPIN_NANOS = 10_000;

    private final Worker[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Job job = new Job();
    private final AtomicInteger nextChunk = new AtomicInteger();

    private GemmTeam(int size) {
        workers = new Worker[Math.max(0, size)];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker(this, t + 1);
            workers[t].start();
        }
    }

    int size() {
        return workers.length;
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

    /** Offers the chunks to {@code parts - 1} workers, computes chunks itself, then waits for the helpers. */
    private void run(int parts, boolean byRows, int m, int n, int mr, int nr) {
        int len = byRows ? m : n;
        int unit = byRows ? mr : nr;
        int units = (len + unit - 1) / unit;
        job.setChunks(byRows, m, n, len, unit, units, Math.min(units, parts * CHUNKS_PER_THREAD));
        nextChunk.set(0);
        Thread caller = Thread.currentThread();
        for (int t = 1; t < parts; t++) {
            workers[t - 1].offer(caller);
        }
        Throwable failure = null;
        try {
            computeChunks();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int t = 1; t < parts; t++) {
            Throwable f = workers[t - 1].withdrawOrAwait();
            if (failure == null) {
                failure = f;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("GEMM worker failed", failure);
        }
    }

    /** Claims and computes chunks until none is left (called by the owner and by the workers). */
    void computeChunks() {
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) < job.chunks) {
            job.runChunk(chunk);
        }
    }

    /** Chunks of C per participating thread: enough for a late worker to cost little, few enough to pack little. */
    static final int CHUNKS_PER_THREAD = 2;

    /** One worker of the team: waits for an offer, helps compute chunks, signals the owner. */
    private static final class Worker extends Thread {
        private static final int IDLE = 0;
        private static final int OFFERED = 1;
        private static final int RUNNING = 2;

        private final GemmTeam team;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private Thread owner;
        private Throwable failure;

        Worker(GemmTeam team, int index) {
            super("alf-gemm-" + index);
            this.team = team;
            setDaemon(true);
        }

        /** Called by the team's owner; the job's fields are published by the volatile write of the state. */
        void offer(Thread caller) {
            owner = caller;
            failure = null;
            state.set(OFFERED);
            LockSupport.unpark(this);
        }

        /**
         * Withdraws an offer the worker has not taken up, or waits (spinning briefly, then parking) until it has
         * finished; returns the worker's failure, if any.
         */
        Throwable withdrawOrAwait() {
            if (state.compareAndSet(OFFERED, IDLE)) {
                return null;
            }
            long start = System.nanoTime();
            while (state.get() != IDLE) {
                if (System.nanoTime() - start < GemmTeam.SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                long start = System.nanoTime();
                while (state.get() != OFFERED) {
                    if (System.nanoTime() - start < GemmTeam.SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (!state.compareAndSet(OFFERED, RUNNING)) {
                    continue; // withdrawn before this thread got to it
                }
                Thread caller = owner;
                try {
                    team.computeChunks();
                } catch (Throwable t) {
                    failure = t;
                }
                state.set(IDLE);
                LockSupport.unpark(caller);
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
