package alf.experiments.playground;

import alf.optimizers.Optimizer;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimises {@link DifferenceOfGaussians} from a start point with real optimizers: each step evaluates f at the
 * parameter (a {@code [1, 2]} float64 leaf tensor), back-propagates, and calls {@link Optimizer#step()}. Nothing is
 * random, so trajectories are the same on every run.
 */
public final class OptimizerPlayground {
    /** The start point (0.8, 0.8). */
    public static final double[] START = {0.8, 0.8};

    private OptimizerPlayground() {
    }

    /** The trajectory of {@code optimizer} over {@code steps} steps from {@code start}. */
    public static Trajectory run(PlaygroundOptimizer optimizer, double[] start, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("playground steps must be >= 1, got " + steps);
        }
        if (start.length != 2) {
            throw new IllegalArgumentException("playground start must have 2 coordinates, got " + start.length);
        }
        Tensor x = Tensor.of(start.clone(), 1, 2).setRequiresGrad(true);
        Optimizer opt = optimizer.factory().get();
        opt.addParamGroup(List.of(x));
        double[] x1 = new double[steps + 1];
        double[] x2 = new double[steps + 1];
        double[] f = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            Tensor value = DifferenceOfGaussians.value(x).sumAll();
            x1[t] = x.get(0, 0);
            x2[t] = x.get(0, 1);
            f[t] = value.item();
            if (t == steps) {
                break;
            }
            opt.zeroGrad();
            value.backward();
            opt.step();
        }
        return new Trajectory(optimizer, x1, x2, f);
    }

    /** The trajectories of all {@code optimizers}, in order. */
    public static List<Trajectory> runAll(List<PlaygroundOptimizer> optimizers, double[] start, int steps) {
        List<Trajectory> out = new ArrayList<>();
        for (PlaygroundOptimizer o : optimizers) {
            out.add(run(o, start, steps));
        }
        return out;
    }
}
