package alf.experiments.playground;

/**
 * The path of one optimizer on the playground: the point and f before the first step (index 0) and after each step.
 *
 * @param optimizer which optimizer
 * @param x1        first coordinate per step
 * @param x2        second coordinate per step
 * @param f         objective per step
 */
public record Trajectory(PlaygroundOptimizer optimizer, double[] x1, double[] x2, double[] f) {

    /** Number of optimizer steps taken (points minus one). */
    public int steps() {
        return f.length - 1;
    }
}
