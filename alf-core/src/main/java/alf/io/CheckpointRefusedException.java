package alf.io;

/**
 * A checkpoint that is sound but that this run must not continue from (for example: the run's configuration was
 * edited after the checkpoint was written). {@link Checkpointer#loadLatest(java.util.function.Consumer)} does not
 * fall back past it: an older checkpoint of the same run would be refused for the same reason.
 */
public final class CheckpointRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CheckpointRefusedException(String message) {
        super(message);
    }
}
