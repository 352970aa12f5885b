package alf.experiments.sweep;

import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link ClusterTrialRunnerProvider} on the class path (the {@code alf-spark} module). */
public final class ClusterTrialRunners {
    private ClusterTrialRunners() {
    }

    /**
     * The one provider on the class path.
     *
     * @throws IllegalStateException when there is none (naming the module and jars to add) or more than one
     */
    public static ClusterTrialRunnerProvider provider() {
        List<ClusterTrialRunnerProvider> found = ServiceLoader.load(ClusterTrialRunnerProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("--master runs the trials on Apache Spark, which needs the alf-spark "
                    + "module on the class path: build it (mvn -B -ntp -DskipTests package) so that ./alf adds "
                    + "alf-spark/target/alf-spark.jar and alf-spark/target/lib/*, or add them to -cp yourself; "
                    + "without --master the trials run on this machine's thread pool");
        }
        if (found.size() > 1) {
            throw new IllegalStateException("more than one cluster runner on the class path: "
                    + found.stream().map(ClusterTrialRunnerProvider::name).toList());
        }
        return found.get(0);
    }
}
