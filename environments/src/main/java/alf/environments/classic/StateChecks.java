package alf.environments.classic;

/** Argument checks for the {@code setState} methods of the classic-control ports. */
final class StateChecks {

    private StateChecks() {
    }

    static void requireFinite(String task, double[] state, int size) {
        if (state == null || state.length != size) {
            throw new IllegalArgumentException(task + ": state must have " + size + " components, got "
                    + (state == null ? "null" : Integer.toString(state.length)));
        }
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(state[i])) {
                throw new IllegalArgumentException(task + ": state[" + i + "] = " + state[i] + " is not finite");
            }
        }
    }
}
