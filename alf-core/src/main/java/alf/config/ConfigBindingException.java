package alf.config;

/**
 * A configuration that cannot be bound to code: an unknown key, a value of the wrong type, an
 * unknown class name, a missing required value, or keys that were set but never used. The message
 * names the key and, where the value came from a file, the file and line.
 */
public final class ConfigBindingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its complete, user-facing message. */
    public ConfigBindingException(String message) {
        super(message);
    }

    /** Creates the exception with its message and the lower-level cause. */
    public ConfigBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
