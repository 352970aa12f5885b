package alf.experiments;

import java.nio.file.Path;

/** Checks of command-line values that picocli's types cannot express, each naming the option. */
final class CommandLineChecks {

    private CommandLineChecks() {
    }

    /**
     * Fails when {@code option} was given an empty or blank path ({@code --run-dir ''}), which would
     * otherwise mean the current directory; a null (option not given) passes.
     */
    static void requireNamedPath(String option, Path path) {
        requireNamedPath(option, path == null ? null : path.toString());
    }

    /** The same check for an option that may also hold a URI ({@code --out hdfs://...}). */
    static void requireNamedPath(String option, String path) {
        if (path != null && path.isBlank()) {
            throw new IllegalArgumentException(option + " must name a directory or file, got '" + path
                    + "' (an empty path would write into the current directory)");
        }
    }
}
