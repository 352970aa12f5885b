package alf.experiments.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * One point of a sweep's grid: one option of every axis. Its trials (one per seed) share every setting but the seed.
 *
 * @param label   the options' labels joined with {@code ", "} (the legend and table row name)
 * @param dirName the run-directory name: the labels made file-name safe, joined with {@code "__"}
 * @param params  the options' overrides, in axis order
 */
public record Combination(String label, String dirName, List<String> params) {

    public Combination {
        params = List.copyOf(params);
    }

    /** The combination of {@code options} (one per axis, in axis order). */
    public static Combination of(List<SweepOption> options) {
        if (options.isEmpty()) {
            return new Combination("base", "base", List.of());
        }
        StringBuilder label = new StringBuilder();
        StringBuilder dir = new StringBuilder();
        List<String> params = new ArrayList<>();
        for (SweepOption o : options) {
            if (label.length() > 0) {
                label.append(", ");
                dir.append("__");
            }
            label.append(o.label());
            dir.append(safeFileName(o.label()));
            params.addAll(o.params());
        }
        return new Combination(label.toString(), dir.toString(), params);
    }

    /** {@code text} with every character other than letters, digits, {@code . - = +} replaced by {@code _}. */
    static String safeFileName(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '=' || c == '+');
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
