package alf.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The command-line options {@code alf sweep} and {@code alf compare} share. */
final class SweepOptions {

    @Option(names = "--conf", required = true, description = "the sweep (or comparison) file")
    Path conf;

    @Option(names = "--seeds", description = "run seeds 0..N-1 instead of the file's 'seeds'")
    Integer seeds;

    @Option(names = "--parallel", description = "trials run at once (default: the number of cores)")
    Integer parallel;

    @Option(names = "--out", description = "output directory (default: runs/<file name without .conf>); with "
            + "--master also any Hadoop FileSystem URI (hdfs://..., s3a://... with its connector on the class path)")
    String out;

    @Option(names = "--master", description = "run each trial as one Apache Spark task on this master (local[N], "
            + "spark://host:port, ...; needs the alf-spark module) instead of this JVM's thread pool")
    String master;

    @Option(names = "--param", description = "override Key=Value applied to every trial (HOCON value)")
    List<String> params = new ArrayList<>();

    @Option(names = "--quiet", description = "no progress bar, per-trial lines or INFO log lines")
    boolean quiet;
}
