package alf.config;

import com.typesafe.config.ConfigOrigin;

/** Formats where a configuration value came from as {@code file:line} for error messages. */
final class Origins {

    private Origins() {
    }

    /** {@code /path/file.conf:12} for files, the origin's own description otherwise. */
    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown origin)";
        }
        String source = origin.filename() != null ? origin.filename()
                : origin.url() != null ? origin.url().toString()
                : origin.resource();
        if (source == null) {
            return origin.description();
        }
        return origin.lineNumber() > 0 ? source + ":" + origin.lineNumber() : source;
    }
}
