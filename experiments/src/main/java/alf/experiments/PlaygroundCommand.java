package alf.experiments;

import alf.experiments.playground.OptimizerPlayground;
import alf.experiments.playground.PlaygroundOptimizer;
import alf.experiments.playground.PlaygroundReport;
import alf.experiments.playground.Trajectory;
import alf.config.HeapBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alf playground}: gradient descent, momentum, Adam and AdamTF on the difference of two Gaussians. */
@Command(name = "playground", description = "Minimise a difference of two Gaussians from (0.8, 0.8) with gradient "
        + "descent, momentum, Adam and AdamTF; write a contour plot with the trajectories and a plot of f per step.")
final class PlaygroundCommand implements Callable<Integer> {

    @Option(names = "--out", description = "output directory (default: runs/playground)")
    private Path out = Path.of("runs", "playground");

    @Option(names = "--steps", description = "optimizer steps (default: 100)")
    private int steps = 100;

    @Override
    public Integer call() {
        CommandLineChecks.requireNamedPath("--out", out);
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        // each optimizer keeps x1, x2 and f for every step
        HeapBudget.require("--steps", "trajectories of " + steps + " steps",
                3.0 * Double.BYTES * ((double) steps + 1) * PlaygroundOptimizer.standard().size());
        List<Trajectory> trajectories = OptimizerPlayground.runAll(PlaygroundOptimizer.standard(),
                OptimizerPlayground.START, steps);
        PlaygroundReport.write(trajectories, out);
        System.err.print(PlaygroundReport.summary(trajectories));
        System.out.println(out.resolve(PlaygroundReport.CONTOUR_PNG).toAbsolutePath());
        System.out.println(out.resolve(PlaygroundReport.LOSS_PNG).toAbsolutePath());
        return 0;
    }
}
