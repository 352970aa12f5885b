package alf.environments.simulator;

import alf.rl.EnvironmentException;

/**
 * Turns a throwable raised while resetting or stepping sub-environment {@code envId} into the error a
 * batched environment reports: an {@link IllegalArgumentException} stays one (bad input), anything else
 * becomes an {@link EnvironmentException}; both name the environment and the sub-environment.
 */
public final class SubEnvironmentFailure {

    private SubEnvironmentFailure() {
    }

    /** The exception to throw for {@code cause} raised by sub-environment {@code envId} of {@code name}. */
    public static RuntimeException wrap(String name, int envId, Throwable cause) {
        String message = name + ", sub-environment " + envId + " failed: " + cause;
        if (cause instanceof IllegalArgumentException) {
            return new IllegalArgumentException(message, cause);
        }
        return new EnvironmentException(envId, message, cause);
    }
}
