package alf.spark;

import alf.experiments.Alf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a Spark executor's JVM needs to run trials: the Java 17 flags (the Vector API module, and the packages Spark
 * reflects into) and the jars of the {@code alf} command line.
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
     * The jars a cluster's executors need besides Spark's own: the {@code alf} command line's jar with every jar of
     * its {@code lib/} directory beside it (the plain CLI's dependencies, none of them Spark's), and this module's
     * jar. Empty when running from class directories (tests, local mode), where the executors share the driver's
     * class path.
     */
    static List<String> jarsToShip() {
        Path cli = codeSource(Alf.class);
        Path self = codeSource(ExecutorJvm.class);
        if (!cli.toString().endsWith(".jar") || !self.toString().endsWith(".jar")) {
            return List.of();
        }
        List<String> jars = new ArrayList<>(List.of(cli.toString(), self.toString()));
        Path lib = cli.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> files = Files.list(lib)) {
                files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + lib, e);
            }
        }
        return jars;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
        }
    }
}
