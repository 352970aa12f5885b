package alf.experiments.sweep;

import java.util.List;
import java.util.Locale;

/**
 * The results table of a sweep, one row per combination, as CSV, Markdown and an HTML {@code <table>}.
 *
 * <p>Columns: the combination, the seeds, then mean and std over seeds of the final greedy return, the normalised
 * area under the curve ({@link TrialResult#areaUnderCurve}) and the training wall time in seconds. The CSV writes
 * numbers with {@link Double#toString} (shortest exact round trip), so every column but the last two
 * ({@code wall_seconds_mean}, {@code wall_seconds_std}) is reproduced bit for bit by a re-run; the Markdown and HTML
 * show two decimals.
 */
public final class SummaryTable {
    /** The CSV header. The wall-time columns come last: they are the only ones a re-run does not reproduce. */
    public static final List<String> CSV_COLUMNS = List.of("combination", "seeds", "final_return_mean",
            "final_return_std", "auc_mean", "auc_std", "wall_seconds_mean", "wall_seconds_std");

    private SummaryTable() {
    }

    /** The CSV text (RFC 4180 quoting, {@code \n} line ends). */
    public static String csv(List<CombinationResult> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (CombinationResult r : rows) {
            sb.append(csvCell(r.combination().label())).append(',')
                    .append(csvCell(seedList(r.seeds()))).append(',')
                    .append(r.finalReturn().mean()).append(',').append(r.finalReturn().std()).append(',')
                    .append(r.auc().mean()).append(',').append(r.auc().std()).append(',')
                    .append(r.wallSeconds().mean()).append(',').append(r.wallSeconds().std()).append('\n');
        }
        return sb.toString();
    }

    /** The Markdown table. */
    public static String markdown(List<CombinationResult> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| combination | seeds | final return | AUC (mean return over training) | wall time (s) |\n");
        sb.append("| --- | --- | ---: | ---: | ---: |\n");
        for (CombinationResult r : rows) {
            sb.append("| ").append(r.combination().label().replace("|", "\\|")).append(" | ")
                    .append(r.seeds().size()).append(" | ")
                    .append(pm(r.finalReturn())).append(" | ")
                    .append(pm(r.auc())).append(" | ")
                    .append(pm(r.wallSeconds())).append(" |\n");
        }
        return sb.toString();
    }

    /** The HTML {@code <table>} element. */
    public static String html(List<CombinationResult> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr><th>combination</th><th>seeds</th>"
                + "<th>final return</th><th>AUC (mean return over training)</th><th>wall time (s)</th></tr></thead>\n"
                + "<tbody>\n");
        for (CombinationResult r : rows) {
            sb.append("<tr><td>").append(Html.escape(r.combination().label())).append("</td><td>")
                    .append(Html.escape(seedList(r.seeds()))).append("</td><td>")
                    .append(Html.escape(pm(r.finalReturn()))).append("</td><td>")
                    .append(Html.escape(pm(r.auc()))).append("</td><td>")
                    .append(Html.escape(pm(r.wallSeconds()))).append("</td></tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static String pm(MeanStd m) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", m.mean(), m.std());
    }

    private static String seedList(List<Long> seeds) {
        StringBuilder sb = new StringBuilder();
        for (long s : seeds) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** A CSV field, quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
    static String csvCell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
