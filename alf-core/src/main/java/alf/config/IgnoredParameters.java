package alf.config;

import java.util.Map;

/**
 * Implemented by a {@link Configurable} class whose built instance may leave some of its constructor
 * parameters unused, because the part they configure was never built (an actor's settings when the
 * actions are discrete, a default optimizer when every part has its own). The binder asks each
 * object it builds; keys set for an ignored parameter count as never used (so
 * {@link ConfigBinder#checkAllUsed()} fails on them, with the reason) and are left out of the
 * operative configuration.
 */
public interface IgnoredParameters {

    /**
     * The constructor parameters this instance did not use, by parameter name, each with the reason
     * (for example {@code "discrete actions have no actor network"}); empty when it used them all.
     */
    Map<String, String> ignoredParameters();
}
