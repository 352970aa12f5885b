package alf.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alf plot}: learning curves of one or more runs overlaid in one PNG. */
@Command(name = "plot", description = "Plot greedy evaluation return vs environment steps for run directories.")
final class PlotCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "run directories")
    private List<Path> runDirs;

    @Option(names = "--out", description = "PNG file (default: learning_curve.png in the first run directory, or "
            + "plot.png here for several runs)")
    private Path out;

    @Override
    public Integer call() {
        CommandLineChecks.requireNamedPath("--out", out);
        Path png = out != null ? out : runDirs.size() == 1 ? runDirs.get(0).resolve(TrainCommand.PLOT)
                : Path.of("plot.png");
        if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            // any other name could be a run's data file (metrics.csv, operative.conf, a checkpoint)
            throw new IllegalArgumentException("--out " + png + ": the plot is a PNG file, so its name must end in "
                    + "'.png' (this also keeps it from replacing a run's metrics, configuration or checkpoints)");
        }
        LearningCurvePlot.write(runDirs, png);
        System.out.println(png.toAbsolutePath());
        return 0;
    }
}
