package alf.environments.simulator;

/** Shared argument checks for {@link Simulator#checkAction}, producing messages that name the task and value. */
public final class ActionChecks {

    private ActionChecks() {
    }

    /** Requires {@code action.length == size} and every component finite. */
    public static void requireFiniteVector(String task, double[] action, int size) {
        if (action == null) {
            throw new IllegalArgumentException(task + ": action is null");
        }
        if (action.length != size) {
            throw new IllegalArgumentException(task + ": action has " + action.length
                    + " components, expected " + size);
        }
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(action[i])) {
                throw new IllegalArgumentException(task + ": action[" + i + "] = " + action[i]
                        + " is not a finite number");
            }
        }
    }

    /**
     * Requires a single component that is one of the integers {@code 0 .. n-1} and returns it.
     * Rejects fractions such as 0.5, NaN and values outside the range (Python's negative indexing is not
     * emulated: -1 is an error).
     */
    public static int requireDiscrete(String task, double[] action, int n) {
        if (action == null) {
            throw new IllegalArgumentException(task + ": action is null");
        }
        if (action.length != 1) {
            throw new IllegalArgumentException(task + ": a discrete action has exactly one component, got "
                    + action.length);
        }
        double a = action[0];
        if (!(a >= 0 && a <= n - 1 && a == Math.rint(a))) {
            throw new IllegalArgumentException(task + ": action " + format(a) + " is not one of the integers 0.."
                    + (n - 1));
        }
        return (int) a;
    }

    private static String format(double a) {
        return a == Math.rint(a) && Math.abs(a) < 1e15 ? Long.toString((long) a) : Double.toString(a);
    }
}
