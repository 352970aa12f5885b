package alf.experiments;

import alf.experiments.playground.OptimizerPlayground;
import alf.experiments.playground.PlaygroundOptimizer;
import alf.experiments.playground.PlaygroundReport;
import alf.experiments.playground.Trajectory;
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
        List<Trajectory> trajectories = OptimizerPlayground.runAll(PlaygroundOptimizer.standard(),
                OptimizerPlayground.START, steps);
        PlaygroundReport.write(trajectories, out);
        System.err.print(PlaygroundReport.summary(trajectories));
        System.out.println(out.resolve(PlaygroundReport.CONTOUR_PNG).toAbsolutePath());
        System.out.println(out.resolve(PlaygroundReport.LOSS_PNG).toAbsolutePath());
        return 0;
    }
}
