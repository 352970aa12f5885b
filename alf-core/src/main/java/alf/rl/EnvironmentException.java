package alf.rl;

/**
 * A failure inside one sub-environment of a batched {@link Environment} while it was being reset or
 * stepped (a bug, an exception thrown by a simulator, or a step that did not finish in time). Carries the
 * index of the sub-environment.
 */
public final class EnvironmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int envId;

    /** A failure of sub-environment {@code envId}; {@code cause} may be null (for example a timeout). */
    public EnvironmentException(int envId, String message, Throwable cause) {
        super(message, cause);
        this.envId = envId;
    }

    /** Index of the sub-environment that failed. */
    public int envId() {
        return envId;
    }
}
