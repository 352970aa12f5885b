package alf.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's {@code metrics.csv} (or another of its CSV files keyed by env steps, such as {@code timing.csv}) read back:
 * the env-steps column and any other column by name.
 */
public record MetricsTable(List<String> columns, long[] envSteps, double[][] values) {

    /** Reads {@code runDir/metrics.csv}; empty cells become NaN. */
    public static MetricsTable read(Path runDir) {
        return read(runDir, "metrics.csv");
    }

    /** Reads {@code runDir/fileName}, a CSV file whose first column is {@code env_steps}; empty cells become NaN. */
    public static MetricsTable read(Path runDir, String fileName) {
        Path file = runDir.resolve(fileName);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<String> cols = header.subList(1, header.size());
        int n = lines.size() - 1;
        long[] steps = new long[n];
        double[][] vals = new double[cols.size()][n];
        for (int r = 0; r < n; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            String cell = cells[0];
            try {
                steps[r] = Long.parseLong(cell);
                for (int c = 0; c < cols.size(); c++) {
                    cell = c + 1 < cells.length ? cells[c + 1] : "";
                    vals[c][r] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (r + 2) + ": '" + cell + "' is not a number", e);
            }
        }
        return new MetricsTable(List.copyOf(cols), steps, vals);
    }

    /** The values of one column, in row order. */
    public double[] column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("metrics have no column '" + name + "' (columns: " + columns + ")");
        }
        return values[i].clone();
    }

    /** Number of rows. */
    public int size() {
        return envSteps.length;
    }

    /** The rows' env-steps as a list (for display). */
    public List<Long> steps() {
        List<Long> out = new ArrayList<>();
        for (long s : envSteps) {
            out.add(s);
        }
        return out;
    }
}
