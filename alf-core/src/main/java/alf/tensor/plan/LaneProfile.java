package alf.tensor.plan;

/**
 * Where the threads of a plan's replay spent one replay, on average ({@link Plan#profileLanes}): the wall time, and for
 * each lane the time in its own calls and in shares of the other lanes' matrix products it ran while waiting; the rest
 * of a lane's wall time went to waiting (for the other lane's progress, or for the replay's end) and to handing work
 * over.
 *
 * @param wallNanos    nanoseconds per replay, start to end
 * @param callNanos    per lane, nanoseconds per replay in its own calls
 * @param helpNanos    per lane, nanoseconds per replay running shares of another lane's products
 */
public record LaneProfile(double wallNanos, double[] callNanos, double[] helpNanos) {

    /** Number of lanes. */
    public int lanes() {
        return callNanos.length;
    }

    /** The fraction of lane {@code lane}'s wall time neither in its calls nor helping: waiting and overhead. */
    public double idleFraction(int lane) {
        return wallNanos <= 0 ? 0 : Math.max(0, 1 - (callNanos[lane] + helpNanos[lane]) / wallNanos);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "replay %.1f us", wallNanos / 1e3));
        for (int l = 0; l < lanes(); l++) {
            sb.append(String.format(java.util.Locale.ROOT, "; lane %d: calls %.1f us, helping %.1f us, idle %.0f %%",
                    l, callNanos[l] / 1e3, helpNanos[l] / 1e3, 100 * idleFraction(l)));
        }
        return sb.toString();
    }
}
