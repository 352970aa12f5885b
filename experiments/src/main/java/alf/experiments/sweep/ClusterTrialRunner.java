package alf.experiments.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@link TrialRunner} on a cluster, whose output location (a local path or any Hadoop FileSystem URI) may not be
 * this machine's disk. The trials it is given have their run directories under a local <em>mirror</em> of the output
 * location: after {@link #run} the mirror holds what the report needs of every finished trial, and
 * {@link #publish} copies files written into the mirror (the report) to the output location.
 */
public interface ClusterTrialRunner extends TrialRunner, AutoCloseable {

    /** Copies {@code files} (relative to the local mirror) to the same place under the output location. */
    void publish(List<Path> files);

    /** Stops the cluster connection. */
    @Override
    void close();
}
