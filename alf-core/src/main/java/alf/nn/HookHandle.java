package alf.nn;

/** The handle of a registered hook: {@link #close()} removes the hook (idempotent); usable with try-with-resources. */
public final class HookHandle implements AutoCloseable {
    private Runnable remover;

    HookHandle(Runnable remover) {
        this.remover = remover;
    }

    /** Removes the hook; later calls do nothing. */
    @Override
    public void close() {
        if (remover != null) {
            remover.run();
            remover = null;
        }
    }

    /** Same as {@link #close()} (PyTorch's {@code handle.remove()}). */
    public void remove() {
        close();
    }
}
