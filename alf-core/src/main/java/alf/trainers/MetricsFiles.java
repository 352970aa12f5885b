package alf.trainers;

import alf.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts metrics files back to a checkpoint: rows written after the checkpoint's step by a run that then stopped are
 * removed, so the resumed run appends exactly what an uninterrupted run would have written.
 */
final class MetricsFiles {
    private MetricsFiles() {
    }

    /** Removes rows with env_steps &gt; {@code envSteps} from {@code base.csv} and {@code base.jsonl}. */
    static void truncateAfter(Path base, long envSteps) {
        truncate(base.resolveSibling(base.getFileName() + ".csv"), envSteps, true);
        truncate(base.resolveSibling(base.getFileName() + ".jsonl"), envSteps, false);
    }

    private static void truncate(Path file, long envSteps, boolean csv) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (csv && i == 0) {
                    kept.add(line);
                    continue;
                }
                Long step = stepOf(line, csv);
                // a line torn by a crash cannot be parsed; it was written after the checkpoint anyway
                if (step != null && step <= envSteps) {
                    kept.add(line);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String line : kept) {
                sb.append(line).append(System.lineSeparator());
            }
            AtomicFiles.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file, e);
        }
    }

    /** The env_steps of a complete row, or null for a line that is not one (torn or empty). */
    private static Long stepOf(String line, boolean csv) {
        try {
            if (csv) {
                return Long.parseLong(line.substring(0, line.indexOf(',')));
            }
            if (!line.endsWith("}")) {
                return null;
            }
            int k = line.indexOf("\"env_steps\":") + "\"env_steps\":".length();
            int end = k;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            return Long.parseLong(line.substring(k, end));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
