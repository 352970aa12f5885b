package alf.experiments.sweep;

import alf.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates a finished sweep and writes its report into the output directory:
 * <ul>
 *   <li>{@code learning_curves.png}: mean greedy return vs environment steps per combination, ±1 std band;</li>
 *   <li>{@code summary.csv}, {@code summary.md}: the {@link SummaryTable};</li>
 *   <li>{@code curves.csv}: {@code combination,env_steps,eval_return_mean,eval_return_std,seeds} per evaluation;</li>
 *   <li>{@code index.html}: a self-contained page with the plot (referenced relatively), the table, the definitions
 *       and every combination's overrides.</li>
 * </ul>
 */
public final class SweepReport {
    /** File names of the report, relative to the output directory. */
    public static final String PLOT = "learning_curves.png";
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String SUMMARY_MD = "summary.md";
    public static final String CURVES_CSV = "curves.csv";
    public static final String INDEX_HTML = "index.html";

    private SweepReport() {
    }

    /** The report's files, relative to the output directory. */
    public static List<Path> files() {
        return List.of(Path.of(PLOT), Path.of(SUMMARY_CSV), Path.of(SUMMARY_MD), Path.of(CURVES_CSV),
                Path.of(INDEX_HTML));
    }

    /** Reads every trial of {@code spec} in {@code outDir} and aggregates them per combination, in sweep order. */
    public static List<CombinationResult> aggregate(SweepSpec spec, Path outDir) {
        List<CombinationResult> out = new ArrayList<>();
        for (Combination c : spec.combinations()) {
            List<TrialResult> trials = new ArrayList<>();
            for (long seed : spec.seeds()) {
                trials.add(TrialResult.read(outDir.resolve(c.dirName()).resolve("seed-" + seed)));
            }
            out.add(CombinationResult.aggregate(c, spec.seeds(), trials));
        }
        return out;
    }

    /** Writes the report files of {@code results} into {@code outDir}; {@code title} heads the plot and the page. */
    public static void write(SweepSpec spec, List<CombinationResult> results, String title, String command,
            Path outDir) {
        MeanCurvePlot.write(results, title, outDir.resolve(PLOT));
        AtomicFiles.writeString(outDir.resolve(SUMMARY_CSV), SummaryTable.csv(results));
        AtomicFiles.writeString(outDir.resolve(SUMMARY_MD), "# " + title + "\n\n" + SummaryTable.markdown(results));
        AtomicFiles.writeString(outDir.resolve(CURVES_CSV), curvesCsv(results));
        AtomicFiles.writeString(outDir.resolve(INDEX_HTML), html(spec, results, title, command));
    }

    static String curvesCsv(List<CombinationResult> results) {
        StringBuilder sb = new StringBuilder("combination,env_steps,eval_return_mean,eval_return_std,seeds\n");
        for (CombinationResult r : results) {
            String label = SummaryTable.csvCell(r.combination().label());
            for (int k = 0; k < r.steps().length; k++) {
                sb.append(label).append(',').append(r.steps()[k]).append(',').append(r.meanReturn()[k]).append(',')
                        .append(r.stdReturn()[k]).append(',').append(r.seeds().size()).append('\n');
            }
        }
        return sb.toString();
    }

    static String html(SweepSpec spec, List<CombinationResult> results, String title, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; }\n")
                .append("th, td { border: 1px solid #bbb; padding: 0.3em 0.7em; }\n")
                .append("td:nth-child(n+3) { text-align: right; }\n")
                .append("th { background: #f0f0f0; }\n")
                .append("code, pre { background: #f6f6f6; }\n")
                .append("img { max-width: 100%; }\n</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        sb.append("<p>Command: <code>").append(Html.escape(command)).append("</code></p>\n");
        sb.append("<p><img src=\"").append(PLOT).append("\" alt=\"greedy evaluation return vs environment steps, "
                + "mean and ±1 std over seeds\"></p>\n");
        sb.append(SummaryTable.html(results));
        sb.append("<p>Mean ± sample standard deviation over seeds. <b>Final return</b>: mean greedy return of the "
                + "last evaluation. <b>AUC</b>: trapezoid-rule area under the evaluation curve divided by its step "
                + "range (the average return over training). <b>Wall time</b>: training time from each run's "
                + "<code>timing.csv</code>; it is the one figure a re-run does not reproduce. Data: <a href=\"")
                .append(SUMMARY_CSV).append("\">").append(SUMMARY_CSV).append("</a>, <a href=\"").append(CURVES_CSV)
                .append("\">").append(CURVES_CSV).append("</a>.</p>\n");
        sb.append("<h2>Settings</h2>\n<p>Base: ");
        for (int i = 0; i < spec.baseFiles().size(); i++) {
            sb.append(i > 0 ? ", " : "").append("<code>").append(Html.escape(spec.baseFiles().get(i).getFileName()
                    .toString())).append("</code>");
        }
        sb.append("; seeds ").append(Html.escape(spec.seeds().toString())).append(".</p>\n");
        if (!spec.params().isEmpty()) {
            sb.append("<p>Every trial:</p>\n<pre>").append(Html.escape(String.join("\n", spec.params())))
                    .append("</pre>\n");
        }
        for (CombinationResult r : results) {
            Combination c = r.combination();
            sb.append("<h3>").append(Html.escape(c.label())).append("</h3>\n<p>Runs: <code>")
                    .append(Html.escape(c.dirName())).append("/seed-*</code> (each with its <code>operative.conf"
                    + "</code>)</p>\n");
            if (!c.params().isEmpty()) {
                sb.append("<pre>").append(Html.escape(String.join("\n", c.params()))).append("</pre>\n");
            }
        }
        return sb.append("</body>\n</html>\n").toString();
    }
}
