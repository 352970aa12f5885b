package alf.experiments.sweep;

import alf.experiments.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A PNG of greedy evaluation return against environment steps, one line per combination (the mean over seeds) with
 * a translucent band of ±1 sample std around it (JFreeChart {@link DeviationRenderer}).
 */
public final class MeanCurvePlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private MeanCurvePlot() {
    }

    /** Writes the curves of {@code results} to {@code png} under {@code title}. */
    public static void write(List<CombinationResult> results, String title, Path png) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (CombinationResult r : results) {
            YIntervalSeries series = new YIntervalSeries(r.combination().label() + " (" + r.seeds().size()
                    + (r.seeds().size() == 1 ? " seed)" : " seeds)"));
            for (int k = 0; k < r.steps().length; k++) {
                double m = r.meanReturn()[k];
                double s = r.stdReturn()[k];
                series.add(r.steps()[k], m, m - s, m + s);
            }
            data.addSeries(series);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        for (int i = 0; i < results.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("environment steps");
        NumberAxis y = new NumberAxis("greedy evaluation return (mean ± 1 std over seeds)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = Charts.styled(new XYPlot(data, x, y, renderer));
        Charts.save(Charts.chart(title, plot), png, 960, 560);
    }
}
