package alf.experiments;

import alf.io.AtomicFiles;
import java.awt.Color;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/** The house style and output of every JFreeChart figure the CLI writes: white background, grey grid, PNG files. */
public final class Charts {
    private Charts() {
    }

    /** Applies the house style to {@code plot} and returns it. */
    public static XYPlot styled(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** A titled chart of {@code plot} with a legend, on white. */
    public static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes {@code chart} as a {@code width}×{@code height} PNG, creating the directory if needed, atomically and
     * never through a symbolic link ({@link AtomicFiles}).
     */
    public static void save(JFreeChart chart, Path png, int width, int height) {
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }
}
