package alf.experiments.sweep;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The service ({@link java.util.ServiceLoader}) through which a module on the class path, such as {@code alf-spark},
 * offers to run the trials of {@code alf sweep --master ...} and {@code alf compare --master ...}.
 */
public interface ClusterTrialRunnerProvider {

    /** A short name for messages, such as "Apache Spark". */
    String name();

    /**
     * Connects to {@code master}.
     *
     * @param master      the cluster to run on, as the user gave it ({@code local[N]}, {@code spark://host:port}, ...)
     * @param output      where the trials' run directories land: a local path or a Hadoop FileSystem URI
     * @param localMirror a local directory that mirrors {@code output} for the report (the same directory when
     *                    {@code output} is local)
     * @param log         receives one line per trial started, retried, finished or failed
     */
    ClusterTrialRunner open(String master, String output, Path localMirror, Consumer<String> log);
}
