package alf.tensor.plan;

import alf.tensor.Backend;
import alf.tensor.SharedCores;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link LaneSchedule}: the calling thread runs lane 0 and a fixed team of daemon threads the others, each
 * lane publishing how many of its calls it has finished (a release store after each call) and waiting, before a call,
 * for the progress its schedule names on the other lanes (acquire loads), so every conflicting pair keeps its program
 * order and the values are those of in-order replay. One replay uses the team at a time; a caller that finds it busy
 * (plans replayed from several threads at once) runs its calls in order instead, with the same result. Handing out
 * work allocates nothing.
 */
final class ReplayLanes {
    /** The most lanes a plan is dealt out to: the update's independent chains (two critics, actor) rarely use more. */
    static final int MAX_LANES = 2;
    /**
     * How long a waiting lane spins (running shares of the products other lanes offer, {@link SharedCores}) before it
     * parks until the lane it waits for publishes progress. While lanes run, the GEMM team wakes no workers for the
     * cores they hold, so spinning takes a core from nobody in the replay; 100 µs covers most waits inside the SAC
     * update (5 µs measured about 10 % slower there, 1 ms no better than 100 µs).
     */
    static final long SPIN_NANOS = 100_000;
    /** Spins of {@link Worker#awaitDone} before it parks in short naps. */
    private static final int SPINS_BEFORE_YIELD = 2_000;
    /** Ints between two lanes' progress counters (one cache line of 64 bytes, and some). */
    private static final int PAD = 32;

    private static final ReplayLanes TEAM = new ReplayLanes(MAX_LANES - 1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Worker[] workers;
    private final AtomicIntegerArray progress = new AtomicIntegerArray(MAX_LANES * PAD);
    /** For each lane, its thread while it is parked waiting for another lane's progress (null when not parked). */
    private final AtomicReferenceArray<Thread> parked = new AtomicReferenceArray<>(MAX_LANES * PAD);
    private volatile KernelCall[] calls;
    private volatile LaneSchedule schedule;
    private volatile Throwable failure;
    /** Where a profiled replay adds each lane's times ({@link #run(KernelCall[], LaneSchedule, long[])}), else null. */
    private volatile long[] times;

    private ReplayLanes(int size) {
        workers = new Worker[size];
        for (int w = 0; w < size; w++) {
            workers[w] = new Worker(this, w + 1);
            workers[w].start();
        }
    }

    /**
     * The lanes a plan over {@code backends} is replayed on: {@link #MAX_LANES} capped by the backends' thread limit
     * ({@link Backend#maxThreads()}, lowered e.g. while sweep trials run side by side), and 1 unless every backend
     * allows {@linkplain Backend#concurrentCalls() concurrent calls}.
     */
    static int lanesFor(Collection<Backend> backends) {
        int lanes = MAX_LANES;
        for (Backend b : backends) {
            lanes = b.concurrentCalls() ? Math.min(lanes, b.maxThreads()) : 1;
        }
        return Math.max(1, lanes);
    }

    /** Runs {@code calls} as {@code schedule} deals them out (in order when the team is busy). */
    static void run(KernelCall[] calls, LaneSchedule schedule) {
        run(calls, schedule, null);
    }

    /**
     * {@link #run}, adding to {@code times} (when not null) each lane's nanoseconds in its own calls at
     * {@code [2 * lane]} and in shares of other lanes' products at {@code [2 * lane + 1]}; false when the replay ran in
     * order on the caller (one lane, or the team busy) and nothing was added.
     */
    static boolean run(KernelCall[] calls, LaneSchedule schedule, long[] times) {
        if (schedule.lanes() <= 1 || schedule.lanes() > MAX_LANES || !TEAM.lock.tryLock()) {
            for (KernelCall call : calls) {
                call.run();
            }
            return false;
        }
        SharedCores.lanesStarted(schedule.lanes() - 1);
        TEAM.times = times;
        try {
            TEAM.runLocked(calls, schedule);
            return true;
        } finally {
            TEAM.times = null;
            SharedCores.lanesEnded(schedule.lanes() - 1);
            TEAM.lock.unlock();
        }
    }

    private void runLocked(KernelCall[] calls, LaneSchedule schedule) {
        for (int l = 0; l < schedule.lanes(); l++) {
            progress.set(l * PAD, 0);
        }
        failure = null;
        this.calls = calls;
        this.schedule = schedule;
        for (int l = 1; l < schedule.lanes(); l++) {
            workers[l - 1].begin();
        }
        runLane(0);
        for (int l = 1; l < schedule.lanes(); l++) {
            workers[l - 1].awaitDone();
        }
        this.calls = null;
        this.schedule = null;
        Throwable f = failure;
        failure = null;
        if (f instanceof RuntimeException re) {
            throw re;
        } else if (f instanceof Error err) {
            throw err;
        } else if (f != null) {
            throw new IllegalStateException("replay lane failed", f);
        }
    }

    /** Runs lane {@code lane}'s calls; a failure is recorded for the caller and stops every lane at its next wait. */
    private void runLane(int lane) {
        KernelCall[] all = calls;
        LaneSchedule s = schedule;
        int[] mine = s.order(lane);
        try {
            for (int pos = 0; pos < mine.length; pos++) {
                int call = mine[pos];
                for (int other = 0; other < s.lanes(); other++) {
                    int needed = s.waitFor(call, other);
                    if (needed > 0 && !awaitProgress(lane, other, needed)) {
                        return;
                    }
                }
                long[] t = times;
                long start = t == null ? 0 : System.nanoTime();
                all[call].run();
                if (t != null) {
                    t[2 * lane] += System.nanoTime() - start;
                }
                progress.set(lane * PAD, pos + 1);
                wakeParked(lane, s.lanes());
            }
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                failure = e;
            }
            wakeParked(lane, s.lanes());
        }
    }

    /**
     * Wakes every other lane that is parked (it re-checks what it waits for). Called after a volatile store of
     * progress or failure; a parking lane registers itself with a volatile store before re-checking, so either it
     * sees the new progress or this thread sees it parked: no wake-up is lost.
     */
    private void wakeParked(int lane, int lanes) {
        for (int other = 0; other < lanes; other++) {
            Thread t = other == lane ? null : parked.get(other * PAD);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Lane {@code self} waits until lane {@code lane} has finished {@code needed} calls, spinning for
     * {@link #SPIN_NANOS} and then parking until woken by new progress; false when some lane failed meanwhile.
     */
    private boolean awaitProgress(int self, int lane, int needed) {
        if (progress.getAcquire(lane * PAD) >= needed) {
            return true;
        }
        long start = System.nanoTime();
        SharedCores.startHelping();
        boolean helping = true;
        try {
            while (progress.getAcquire(lane * PAD) < needed) {
                if (failure != null) {
                    return false;
                }
                if (helped(self)) {
                    start = System.nanoTime();
                } else if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    SharedCores.stopHelping();
                    helping = false;
                    parked.set(self * PAD, Thread.currentThread());
                    if (progress.get(lane * PAD) < needed && failure == null) {
                        LockSupport.park(this);
                    }
                    parked.set(self * PAD, null);
                    SharedCores.startHelping();
                    helping = true;
                    start = System.nanoTime();
                }
            }
            return true;
        } finally {
            if (helping) {
                SharedCores.stopHelping();
            }
        }
    }

    /** Runs shares of an offered product for lane {@code self} (timed when profiling); whether it ran any. */
    private boolean helped(int self) {
        long[] t = times;
        if (t == null) {
            return SharedCores.help();
        }
        long start = System.nanoTime();
        boolean ran = SharedCores.help();
        if (ran) {
            t[2 * self + 1] += System.nanoTime() - start;
        }
        return ran;
    }

    /** A daemon thread that runs one lane per replay it is started for. */
    private static final class Worker extends Thread {
        private final ReplayLanes team;
        private final int lane;
        /** Replays handed to this worker and replays it has finished; it works while they differ. */
        private volatile long begun;
        private volatile long done;
        private volatile Thread waiter;

        Worker(ReplayLanes team, int lane) {
            super("alf-replay-lane-" + lane);
            this.team = team;
            this.lane = lane;
            setDaemon(true);
        }

        /** Hands the worker the team's current replay. */
        void begin() {
            begun++;
            LockSupport.unpark(this);
        }

        /** Waits until the worker has finished the replay last handed to it. */
        void awaitDone() {
            waiter = Thread.currentThread();
            int spins = 0;
            SharedCores.startHelping();
            try {
                while (done != begun) {
                    if (team.helped(0)) {
                        spins = 0;
                    } else if (++spins < SPINS_BEFORE_YIELD) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(this, 50_000);
                    }
                }
            } finally {
                SharedCores.stopHelping();
            }
            waiter = null;
        }

        @Override
        public void run() {
            while (true) {
                while (done == begun) {
                    LockSupport.park(this);
                }
                team.runLane(lane);
                done = begun;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }
}
