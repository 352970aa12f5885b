package alf.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code --out} of a sweep: a local path, or (with {@code --master}) any Hadoop FileSystem URI. Trials and the
 * report are written into a local directory: the output itself when it is local, otherwise a fresh temporary
 * mirror from which the cluster runner publishes.
 */
final class OutputLocation {
    /** A URI scheme such as {@code hdfs:}, {@code s3a:} or {@code file:} (two letters at least, so not "C:"). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private OutputLocation() {
    }

    /** True for a plain path or a {@code file:} URI. */
    static boolean isLocal(String output) {
        return !SCHEME.matcher(output).matches() || output.startsWith("file:");
    }

    /**
     * The local directory that trials and the report are written to for {@code output}.
     *
     * @throws IllegalArgumentException for a remote URI without a cluster runner (no {@code --master})
     */
    static Path localMirror(String output, boolean cluster) {
        if (!isLocal(output)) {
            if (!cluster) {
                throw new IllegalArgumentException("--out " + output + " is not a local path: a Hadoop FileSystem "
                        + "URI needs --master (the trials then run on Spark and land there)");
            }
            try {
                return Files.createTempDirectory("alf-sweep-mirror-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a local mirror for " + output, e);
            }
        }
        return output.startsWith("file:") ? Path.of(URI.create(output)) : Path.of(output);
    }
}
