package alf.tensor.plan;

/**
 * Two captures of a step did not run the same static program (different kernels or layouts, or a value computed in
 * Java that changes from step to step), so the step cannot be replayed from a plan; the message names the first
 * kernel call that differs. {@link CapturedStep} catches it and keeps running that step eagerly.
 */
public final class PlanMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlanMismatchException(String message) {
        super(message);
    }
}
