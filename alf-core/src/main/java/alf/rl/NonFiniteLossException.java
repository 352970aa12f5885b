package alf.rl;

/** A loss term became NaN or infinite: training stops at that step, naming the term; checkpoints stay intact. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final String term;

    public NonFiniteLossException(long step, String term, double value) {
        super("loss term '" + term + "' is " + value + " at training step " + step
                + "; training stopped (the last checkpoint is intact)");
        this.step = step;
        this.term = term;
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
