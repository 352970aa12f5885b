package alf.rl;

/** A loss term became NaN or infinite: training stops at that step, naming the term; checkpoints stay intact. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final String term;

    public NonFiniteLossException(long step, String term, double value) {
        this(step, term, "loss term '" + term + "' is " + value + " at training step " + step
                + "; training stopped (the last checkpoint is intact)");
    }

    private NonFiniteLossException(long step, String term, String message) {
        super(message);
        this.step = step;
        this.term = term;
    }

    /**
     * After {@code step} training steps the algorithm met a NaN or infinite value in {@code where} (reported as
     * {@code message}) although every loss term so far was finite: the updates diverged (parameters up to
     * {@code largestParameter} in magnitude).
     */
    public static NonFiniteLossException divergedAt(long step, String where, String message, double largestParameter) {
        return new NonFiniteLossException(step, "parameters", "training diverged: " + where + " after training step "
                + step + " met a NaN or infinite value (" + message + "); the largest parameter magnitude is "
                + largestParameter + "; training stopped (the last checkpoint is intact): lower the learning rate or "
                + "clip the gradients");
    }

    /**
     * The update of training step {@code step} left a parameter NaN or infinite although every loss term was
     * finite (a step too large, such as lr = 1e30); {@code terms} lists the finite loss values.
     */
    public static NonFiniteLossException parametersAfterUpdate(long step, String terms) {
        return new NonFiniteLossException(step, "parameters", "parameters became NaN or infinite in the update of "
                + "training step " + step + " (loss terms were finite: " + terms + "); training stopped (the last "
                + "checkpoint is intact): lower the learning rate or clip the gradients");
    }

    /** The training step at which the loss was not finite. */
    public long step() {
        return step;
    }

    /** The name of the offending loss term. */
    public String term() {
        return term;
    }
}
