package alf.config;

import alf.io.AtomicFiles;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration an experiment actually ran with: every value its builds used, defaults
 * included, keyed by the scoped key of the object that used it ({@code actor.Adam.lr}); nested
 * objects appear inline with all their values. Loaded back as a {@code --conf} file it rebuilds the
 * same objects with the same values. It also lists the keys supplied by code (not configurable)
 * and the inoperative keys (set but never used), which {@link #toHocon()} writes as comments.
 */
public record OperativeConfig(SortedMap<String, ConfigValue> values, SortedSet<String> codeSuppliedKeys,
                              List<KeyOrigin> inoperativeKeys) {

    private static final ConfigRenderOptions VALUE_RENDERING = ConfigRenderOptions.concise();

    /** Copies the collections so the record stays immutable. */
    public OperativeConfig {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        codeSuppliedKeys = Collections.unmodifiableSortedSet(new TreeSet<>(codeSuppliedKeys));
        inoperativeKeys = List.copyOf(inoperativeKeys);
    }

    /**
     * The HOCON text: a header, one {@code key = value} line per value in key order, then comments
     * naming the code-supplied and inoperative keys. Deterministic: equal configs give equal text.
     */
    public String toHocon() {
        StringBuilder text = new StringBuilder();
        text.append("# Operative configuration: every value used, defaults included.\n");
        text.append("# Pass this file back with --conf to re-run the experiment with the same values.\n");
        for (var entry : values.entrySet()) {
            text.append(entry.getKey()).append(" = ").append(render(entry.getValue())).append('\n');
        }
        if (!codeSuppliedKeys.isEmpty()) {
            text.append("\n# Supplied by code, not by configuration:\n");
            for (String key : codeSuppliedKeys) {
                text.append("#   ").append(key).append('\n');
            }
        }
        if (!inoperativeKeys.isEmpty()) {
            text.append("\n# Inoperative keys (set but never used):\n");
            for (KeyOrigin key : inoperativeKeys) {
                text.append("#   ").append(key.key()).append("  (").append(key.location()).append(")\n");
            }
        }
        return text.toString();
    }

    /** Writes {@link #toHocon()} to {@code file} (UTF-8), replacing it atomically (see {@link AtomicFiles}). */
    public void write(Path file) {
        AtomicFiles.writeString(file, toHocon());
    }

    /** Concise JSON, which is valid HOCON and (unlike concise HOCON) keeps braces on objects inside lists. */
    private static String render(ConfigValue value) {
        return value.render(VALUE_RENDERING);
    }
}
