package alf.config;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds where a failed {@code include} was written. Typesafe Config reports a missing required include
 * by the included name only; this scans the including file's lines for the {@code include} that names
 * it, so the message can say {@code main.conf:7: include of 'missing.conf' failed}.
 */
final class IncludeSites {

    private IncludeSites() {
    }

    /**
     * {@code "file:line: include of 'name' failed: "} when {@code failure} came from an include written
     * in {@code file}, else the empty string.
     */
    static String describe(Path file, ConfigException.IO failure) {
        String included = failure.origin() == null ? null : failure.origin().description();
        if (included == null || included.isEmpty()) {
            return "";
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        String name = Path.of(included).getFileName() == null ? included : Path.of(included).getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("include") && line.contains(name)) {
                return file + ":" + (i + 1) + ": include of '" + name + "' failed: ";
            }
        }
        return "";
    }
}
