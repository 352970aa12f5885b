package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.sweep.ClusterTrialRunners;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --master} and {@code --out} URIs without the alf-spark module: clear errors before anything trains (the
 * Spark runner itself is tested in alf-spark).
 */
class MasterOptionTest {
    @TempDir
    Path dir;

    private String stderrOf(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, Alf.execute(args));
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void masterWithoutTheSparkModuleNamesTheModuleToAdd() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 1);
        String err = stderrOf("compare", "--conf", conf.toString(), "--master", "local[2]", "--out",
                dir.resolve("out").toString(), "--quiet");
        assertTrue(err.contains("alf-spark") && err.contains("alf-spark/target/alf-spark.jar"), err);
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("metrics.csv")), "nothing trained");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, ClusterTrialRunners::provider);
        assertTrue(e.getMessage().contains("without --master"), e.getMessage());
    }

    @Test
    void aFileSystemUriNeedsMaster() throws IOException {
        Path conf = TinyConfigs.comparison(dir, 1);
        String err = stderrOf("compare", "--conf", conf.toString(), "--out", "hdfs://namenode/sweeps/x", "--quiet");
        assertTrue(err.contains("hdfs://namenode/sweeps/x") && err.contains("needs --master"), err);
    }

    @Test
    void localOutputsAreRecognised() {
        assertTrue(OutputLocation.isLocal("runs/x"));
        assertTrue(OutputLocation.isLocal("/tmp/x"));
        assertTrue(OutputLocation.isLocal("file:///tmp/x"));
        assertTrue(!OutputLocation.isLocal("hdfs://nn:8020/x"));
        assertTrue(!OutputLocation.isLocal("s3a://bucket/x"));
        assertEquals(Path.of("/tmp/x"), OutputLocation.localMirror("file:///tmp/x", true));
    }
}
