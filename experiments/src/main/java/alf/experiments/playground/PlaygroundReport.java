package alf.experiments.playground;

import alf.experiments.Charts;
import alf.io.AtomicFiles;
import alf.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The playground's outputs: {@code playground_contour.png} (f on a grid as filled contour bands, each optimizer's
 * trajectory drawn over it), {@code playground_loss.png} (f per step) and {@code playground_trajectories.csv}
 * ({@code optimizer,settings,step,x1,x2,f}).
 */
public final class PlaygroundReport {
    public static final String CONTOUR_PNG = "playground_contour.png";
    public static final String LOSS_PNG = "playground_loss.png";
    public static final String TRAJECTORIES_CSV = "playground_trajectories.csv";

    private static final Color[] LINES = {new Color(0x222222), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};
    /** Grid points per axis of the contour. */
    private static final int GRID = 161;
    /** Filled contour bands over f ∈ [−1, 1]. */
    private static final int BANDS = 20;

    private PlaygroundReport() {
    }

    /** Writes the three files for {@code trajectories} into {@code outDir}. */
    public static void write(List<Trajectory> trajectories, Path outDir) {
        writeContour(trajectories, outDir.resolve(CONTOUR_PNG));
        writeLoss(trajectories, outDir.resolve(LOSS_PNG));
        AtomicFiles.writeString(outDir.resolve(TRAJECTORIES_CSV), csv(trajectories));
    }

    static String csv(List<Trajectory> trajectories) {
        StringBuilder sb = new StringBuilder("optimizer,settings,step,x1,x2,f\n");
        for (Trajectory t : trajectories) {
            String name = quote(t.optimizer().name());
            String settings = quote(t.optimizer().settings());
            for (int k = 0; k <= t.steps(); k++) {
                sb.append(name).append(',').append(settings).append(',').append(k).append(',').append(t.x1()[k])
                        .append(',').append(t.x2()[k]).append(',').append(t.f()[k]).append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static void writeContour(List<Trajectory> trajectories, Path png) {
        double lo1 = -2.5;
        double hi1 = 2.5;
        double lo2 = -3.5;
        double hi2 = 2.0;
        for (Trajectory t : trajectories) {
            for (int k = 0; k <= t.steps(); k++) {
                lo1 = Math.min(lo1, t.x1()[k] - 0.25);
                hi1 = Math.max(hi1, t.x1()[k] + 0.25);
                lo2 = Math.min(lo2, t.x2()[k] - 0.25);
                hi2 = Math.max(hi2, t.x2()[k] + 0.25);
            }
        }
        double d1 = (hi1 - lo1) / (GRID - 1);
        double d2 = (hi2 - lo2) / (GRID - 1);
        double[] points = new double[GRID * GRID * 2];
        double[][] xyz = new double[3][GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                int r = i * GRID + j;
                xyz[0][r] = lo1 + i * d1;
                xyz[1][r] = lo2 + j * d2;
                points[2 * r] = xyz[0][r];
                points[2 * r + 1] = xyz[1][r];
            }
        }
        xyz[2] = DifferenceOfGaussians.value(Tensor.of(points, GRID * GRID, 2)).toDoubleArray();
        DefaultXYZDataset field = new DefaultXYZDataset();
        field.addSeries("f", xyz);
        LookupPaintScale scale = new LookupPaintScale(-1.0, 1.0 + 1e-9, Color.WHITE);
        for (int b = 0; b < BANDS; b++) {
            double level = -1.0 + 2.0 * b / BANDS;
            double mid = level + 1.0 / BANDS;
            scale.add(level, diverging(mid));
        }
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(d1);
        blocks.setBlockHeight(d2);
        blocks.setPaintScale(scale);

        XYSeriesCollection paths = new XYSeriesCollection();
        for (Trajectory t : trajectories) {
            XYSeries s = new XYSeries(t.optimizer().name() + " (" + t.optimizer().settings() + ")", false, true);
            for (int k = 0; k <= t.steps(); k++) {
                s.add(t.x1()[k], t.x2()[k]);
            }
            paths.addSeries(s);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < trajectories.size(); i++) {
            lines.setSeriesPaint(i, LINES[i % LINES.length]);
            lines.setSeriesStroke(i, stroke(i, 1.6f));
            lines.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
        }
        NumberAxis x = new NumberAxis("x1");
        x.setRange(lo1, hi1);
        NumberAxis y = new NumberAxis("x2");
        y.setRange(lo2, hi2);
        XYPlot plot = new XYPlot(field, x, y, blocks);
        plot.setDataset(1, paths);
        plot.setRenderer(1, lines);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart("Difference of two Gaussians from (" + OptimizerPlayground.START[0] + ", "
                + OptimizerPlayground.START[1] + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.removeLegend();
        chart.addLegend(new LegendTitle(lines));
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("f"));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        Charts.save(chart, png, 900, 800);
    }

    private static void writeLoss(List<Trajectory> trajectories, Path png) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Trajectory t : trajectories) {
            XYSeries s = new XYSeries(t.optimizer().name() + " (" + t.optimizer().settings() + ")");
            for (int k = 0; k <= t.steps(); k++) {
                s.add(k, t.f()[k]);
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < trajectories.size(); i++) {
            renderer.setSeriesPaint(i, LINES[i % LINES.length]);
            renderer.setSeriesStroke(i, stroke(i, 2f));
        }
        NumberAxis x = new NumberAxis("step");
        NumberAxis y = new NumberAxis("f(x)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = Charts.styled(new XYPlot(data, x, y, renderer));
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        Charts.save(Charts.chart("f per step", plot), png, 900, 520);
    }

    /** Solid lines for the first three optimizers, dashed after (Adam and AdamTF nearly coincide here). */
    private static BasicStroke stroke(int index, float width) {
        return index < 3 ? new BasicStroke(width) : new BasicStroke(width, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f);
    }

    /** Blue for f &lt; 0, white at 0, red for f &gt; 0, deeper with |f| (f ∈ [−1, 1]). */
    private static Color diverging(double f) {
        double a = Math.min(1.0, Math.abs(f));
        int fade = (int) Math.round(255 * (1 - 0.85 * a));
        return f < 0 ? new Color(fade, fade, 255) : new Color(255, fade, fade);
    }

    /** One line per optimizer: start and final f (for the console). */
    public static String summary(List<Trajectory> trajectories) {
        StringBuilder sb = new StringBuilder();
        for (Trajectory t : trajectories) {
            int n = t.steps();
            sb.append(String.format(Locale.ROOT, "%-17s %-42s f %.4f -> %.6f at (%.4f, %.4f) after %d steps%n",
                    t.optimizer().name(), t.optimizer().settings(), t.f()[0], t.f()[n], t.x1()[n], t.x2()[n], n));
        }
        return sb.toString();
    }
}
