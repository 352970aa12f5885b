package alf.tensor;

/**
 * Whether operations record the autograd graph on the current thread (on by default).
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *     target.copy_(online);   // not recorded; in-place updates of leaves are allowed here
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True when new operations are recorded for backward on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed (then restores the previous mode). */
    public static Scope noGrad() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (e.g. inside a {@link #noGrad()} block). */
    public static Scope enableGrad() {
        return set(true);
    }

    /**
     * Sets the mode until the returned scope is closed. When the mode already is {@code enabled} (a no-grad block
     * inside another, as in a policy's rollout inside the trainer's) there is nothing to restore: the scope returned is
     * a shared one whose {@code close} does nothing, so nested blocks allocate nothing.
     */
    public static Scope set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        if (previous == enabled) {
            return UNCHANGED;
        }
        cell[0] = enabled;
        return new Scope(cell, previous);
    }

    /** The scope of a {@link #set} that changed nothing: closing it leaves the mode as it is. */
    private static final Scope UNCHANGED = new Scope(null, false);

    /** Restores the previous grad mode on {@link #close()}; use with try-with-resources. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;
        private boolean closed;

        private Scope(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (cell != null && !closed) {
                cell[0] = previous;
                closed = true;
            }
        }
    }
}
