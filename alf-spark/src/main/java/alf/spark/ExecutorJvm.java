package alf.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark executor's JVM needs to run trials: the Java 17 flags (the Vector API module, and the packages Spark
 * reflects into) and the jars of the {@code alf} command line and its dependencies.
 */
final class ExecutorJvm {
    /**
     * {@code spark.executor.extraJavaOptions}: the incubator Vector API the CPU kernels use, a deep stack for autograd,
     * and the {@code --add-opens} list Spark itself needs on Java 17 (what {@code spark-submit} adds,
     * {@code org.apache.spark.launcher.JavaModuleOptions}).
     */
    static final String OPTIONS = "--add-modules jdk.incubator.vector -Xss8m -XX:+IgnoreUnrecognizedVMOptions"
            + " --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED"
            + " --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
            + " --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
            + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
            + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
            + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false";

    private ExecutorJvm() {
    }

    /**
     * The jars a cluster's executors need besides Spark's own ({@code spark.jars}, served by the driver): every jar of
     * this JVM's class path except Spark's, Scala's and the Hadoop client's ({@code spark-*}, {@code scala-*},
     * {@code hadoop-client-*}), which the cluster brings in its own version (it must run Spark 3.5 on Scala 2.13).
     * None when {@code -Dalf.spark.shipJars=false} (the workers already have them, as in
     * {@code alf-spark/scripts/standalone_cluster_check.sh}).
     */
    static List<String> jarsToShip() {
        if (!Boolean.parseBoolean(System.getProperty("alf.spark.shipJars", "true"))) {
            return List.of();
        }
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("spark-") && !name.startsWith("scala-")
                    && !name.startsWith("hadoop-client-") && Files.isRegularFile(Path.of(entry))) {
                jars.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return jars;
    }
}
