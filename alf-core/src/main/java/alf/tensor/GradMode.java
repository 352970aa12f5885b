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

    /** Sets the mode until the returned scope is closed. */
    public static Scope set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return new Scope(cell, previous);
    }

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
            if (!closed) {
                cell[0] = previous;
                closed = true;
            }
        }
    }
}
