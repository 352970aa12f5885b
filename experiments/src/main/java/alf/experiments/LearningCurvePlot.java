package alf.experiments;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of greedy evaluation return against environment steps, one line per run (JFreeChart). */
public final class LearningCurvePlot {
    private LearningCurvePlot() {
    }

    /** Writes the learning curves of {@code runDirs} to {@code png}. */
    public static void write(List<Path> runDirs, Path png) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Path dir : runDirs) {
            MetricsTable table = MetricsTable.read(dir);
            double[] ret = table.column("eval_return");
            String name = label(dir, runDirs);
            String key = name;
            for (int k = 2; data.getSeriesIndex(key) >= 0; k++) {
                key = name + " (" + k + ")";
            }
            XYSeries series = new XYSeries(key);
            for (int i = 0; i < table.size(); i++) {
                if (!Double.isNaN(ret[i])) {
                    series.add(table.envSteps()[i], ret[i]);
                }
            }
            data.addSeries(series);
        }
        NumberAxis x = new NumberAxis("environment steps");
        NumberAxis y = new NumberAxis("greedy evaluation return");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < runDirs.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = Charts.styled(new XYPlot(data, x, y, renderer));
        Charts.save(Charts.chart("Learning curve", plot), png, 900, 520);
    }

    /** The shortest distinguishing name of a run directory: its last two path elements. */
    private static String label(Path dir, List<Path> all) {
        Path abs = dir.toAbsolutePath().normalize();
        int n = abs.getNameCount();
        return all.size() == 1 || n < 2 ? abs.getFileName().toString() : abs.subpath(n - 2, n).toString();
    }
}
