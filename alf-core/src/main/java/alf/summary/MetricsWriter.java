package alf.summary;

import alf.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import alf.io.AtomicFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends rows of named scalars keyed by environment steps to a CSV file and a JSON-lines file. Columns are fixed
 * when the writer is created; values are written with {@link Double#toString} (shortest round trip), a missing value
 * as an empty CSV cell / JSON null, so the same run produces byte-identical files. Each row is flushed at once.
 * The files are opened without following symbolic links: a link in their place is refused.
 */
public final class MetricsWriter implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> columns;
    private final BufferedWriter csv;
    private final BufferedWriter jsonl;

    /**
     * Opens {@code base.csv} and {@code base.jsonl}; with {@code append} existing files are continued (resume),
     * otherwise they are replaced and the CSV header written.
     */
    public MetricsWriter(Path base, List<String> columns, boolean append) {
        this.columns = List.copyOf(columns);
        Path csvPath = base.resolveSibling(base.getFileName() + ".csv");
        Path jsonPath = base.resolveSibling(base.getFileName() + ".jsonl");
        try {
            if (base.toAbsolutePath().getParent() != null) {
                Files.createDirectories(base.toAbsolutePath().getParent());
            }
            AtomicFiles.refuseLink(csvPath);
            AtomicFiles.refuseLink(jsonPath);
            boolean writeHeader = !append || !Files.exists(csvPath) || Files.size(csvPath) == 0;
            StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            csv = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8, StandardOpenOption.CREATE, mode,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                jsonl = Files.newBufferedWriter(jsonPath, StandardCharsets.UTF_8, StandardOpenOption.CREATE, mode,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                csv.close();
                throw e;
            }
            if (writeHeader) {
                csv.write("env_steps," + String.join(",", this.columns));
                csv.newLine();
                csv.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics files at " + base, e);
        }
    }

    /** The column names (without the leading env_steps). */
    public List<String> columns() {
        return columns;
    }

    /** Writes one row; keys not among the columns are an error naming them. */
    public void write(long envSteps, Map<String, Double> values) {
        for (String k : values.keySet()) {
            if (!columns.contains(k)) {
                throw new IllegalArgumentException("MetricsWriter: unknown metric '" + k + "' (columns: " + columns
                        + ")");
            }
        }
        List<String> cells = new ArrayList<>(columns.size() + 1);
        cells.add(Long.toString(envSteps));
        ObjectNode node = JSON.createObjectNode();
        node.put("env_steps", envSteps);
        for (String c : columns) {
            Double v = values.get(c);
            cells.add(v == null ? "" : Double.toString(v));
            if (v == null) {
                node.putNull(c);
            } else if (Double.isFinite(v)) {
                node.put(c, v);
            } else {
                node.put(c, v.toString());
            }
        }
        try {
            csv.write(String.join(",", cells));
            csv.newLine();
            csv.flush();
            jsonl.write(JSON.writeValueAsString(node));
            jsonl.newLine();
            jsonl.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public void close() {
        try (BufferedWriter a = csv; BufferedWriter b = jsonl) {
            // both closed, even if one fails
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics files", e);
        }
    }
}
