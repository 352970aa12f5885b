package alf.spark;

import alf.experiments.sweep.ClusterTrialRunner;
import alf.experiments.sweep.ClusterTrialRunnerProvider;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Offers {@link SparkTrialRunner} to {@code alf sweep --master} / {@code alf compare --master} (ServiceLoader). */
public final class SparkTrialRunnerProvider implements ClusterTrialRunnerProvider {

    @Override
    public String name() {
        return "Apache Spark";
    }

    @Override
    public ClusterTrialRunner open(String master, String output, Path localMirror, Consumer<String> log) {
        return new SparkTrialRunner(master, output, localMirror, log);
    }
}
