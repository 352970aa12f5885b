package alf.io;

/**
 * A saved state that does not fit what reads it: a field is missing or holds another kind of value. The message
 * names the field's path and, for state read from a checkpoint, the file.
 */
public final class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StateDictException(String message) {
        super(message);
    }
}
