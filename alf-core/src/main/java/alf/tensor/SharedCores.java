package alf.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the process's compute threads share the cores: a plan replayed on several lanes holds cores with threads of its
 * own, and a backend that splits a kernel over a thread team of its own (the CPU backend's matrix products) must not
 * wake more threads than there are free cores, or the lanes and the team take turns on them. Instead a lane that waits
 * for another lane lends its core: it runs shares of the work a splitting kernel has {@linkplain #offer offered}.
 *
 * <p>The protocol, for a kernel that splits its work: count the threads it may use as its own team's free workers
 * ({@link #coresHeldByLanes()} fewer than the team) plus the {@link #idleHelpers()}; if more than one, {@link #offer}
 * itself, run shares until none is left, wait for the shares others took, then {@link #withdraw}. A waiting lane
 * registers with {@link #startHelping()}, calls {@link #help()} in its wait loop and {@link #stopHelping()} before
 * it parks or goes on. Who runs a share never changes its result, so nothing here affects values, only speed; a
 * {@link Shareable} must tolerate a {@code runShares} call that comes after its work is done (it then runs nothing).
 */
public final class SharedCores {
    private static final AtomicInteger LANE_THREADS = new AtomicInteger();
    private static final AtomicInteger IDLE = new AtomicInteger();
    private static final AtomicReference<Shareable> OFFERED = new AtomicReference<>();

    private SharedCores() {
    }

    /** Work split into shares that any thread may run. */
    public interface Shareable {
        /** Runs shares of the work until none is left unclaimed; whether this call ran any. */
        boolean runShares();
    }

    /** A replay starts {@code threads} threads besides its caller (each holds a core until {@link #lanesEnded}). */
    public static void lanesStarted(int threads) {
        LANE_THREADS.addAndGet(threads);
    }

    /** The {@code threads} threads of a replay started with {@link #lanesStarted} have finished. */
    public static void lanesEnded(int threads) {
        LANE_THREADS.addAndGet(-threads);
    }

    /** Cores held by replay lanes beyond their callers: a thread team should wake this many fewer workers. */
    public static int coresHeldByLanes() {
        return LANE_THREADS.get();
    }

    /** Threads that are waiting now and run offered shares ({@link #startHelping()}). */
    public static int idleHelpers() {
        return IDLE.get();
    }

    /** The calling thread waits and will call {@link #help()} until {@link #stopHelping()}. */
    public static void startHelping() {
        IDLE.incrementAndGet();
    }

    /** The calling thread no longer helps (it parks, or its wait is over). */
    public static void stopHelping() {
        IDLE.decrementAndGet();
    }

    /** Runs shares of the work on offer, if any; whether it ran any. */
    public static boolean help() {
        Shareable s = OFFERED.get();
        return s != null && s.runShares();
    }

    /** Offers {@code work} to helping threads (one piece of work at a time; false when another is on offer). */
    public static boolean offer(Shareable work) {
        return OFFERED.compareAndSet(null, work);
    }

    /** Ends the offer of {@code work} (made with a successful {@link #offer}). */
    public static void withdraw(Shareable work) {
        OFFERED.compareAndSet(work, null);
    }
}
