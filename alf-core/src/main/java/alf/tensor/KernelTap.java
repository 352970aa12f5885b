package alf.tensor;

/**
 * A hook that sees every primitive kernel call and every random draw made on one thread while it is installed: plan
 * capture ({@code alf.tensor.plan}) records a whole eager step through it. Kernel calls reach it because
 * {@link Tensor#backend()} hands out {@link #intercept intercept(backend)} instead of the storage's backend; random
 * tensors ({@link Tensor#randn}, {@link Tensor#uniform}) report themselves through {@link #randomDrawn}.
 *
 * <p>At most one tap is installed per thread; with none installed the cost is one read of a static counter per op.
 */
public interface KernelTap {

    /** The backend the next kernel call goes to: typically a recording wrapper of {@code backend}. */
    Backend intercept(Backend backend);

    /** A tensor was just filled with random draws (the draw can be repeated with {@link RandomDraw#redo}). */
    void randomDrawn(RandomDraw draw);

    /**
     * A Java number entered an op through {@link Tensor#hostScalar}: {@code out} (a 0-d wrapped number) holds
     * {@code value}'s current result, and {@code value} gives the number again whenever it is asked.
     */
    void hostScalar(java.util.function.DoubleSupplier value, Tensor out);

    /**
     * Installs {@code tap} on the current thread until the returned scope is closed.
     *
     * @throws IllegalStateException when this thread already has a tap
     */
    static Installed install(KernelTap tap) {
        return Installed.install(tap);
    }

    /** The tap installed on the current thread, or null. */
    static KernelTap current() {
        return Installed.current();
    }

    /** The scope of one installed tap: closing it uninstalls the tap. */
    final class Installed implements AutoCloseable {
        private static final ThreadLocal<KernelTap> TAPS = new ThreadLocal<>();
        /** Taps installed on any thread: zero means no thread-local look-up on the hot path. */
        private static volatile int installedCount;

        private boolean open = true;

        private Installed() {
        }

        private static synchronized Installed install(KernelTap tap) {
            if (tap == null) {
                throw new IllegalArgumentException("KernelTap.install: tap must not be null");
            }
            if (TAPS.get() != null) {
                throw new IllegalStateException("KernelTap.install: this thread already has a tap installed "
                        + "(captures do not nest)");
            }
            TAPS.set(tap);
            installedCount++;
            return new Installed();
        }

        static KernelTap current() {
            return installedCount == 0 ? null : TAPS.get();
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                synchronized (Installed.class) {
                    TAPS.remove();
                    installedCount--;
                }
            }
        }
    }
}
