package alf.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.Alf;
import alf.experiments.sweep.ClusterTrialRunner;
import alf.experiments.sweep.ClusterTrialRunnerProvider;
import alf.experiments.sweep.ClusterTrialRunners;
import alf.experiments.sweep.SweepReport;
import alf.experiments.sweep.SweepSpec;
import alf.experiments.sweep.Trial;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alf sweep --master local[2]}: every trial as one Spark task, with the same metrics as the thread pool, and a
 * trial that keeps failing reported by name while the others finish.
 */
class SparkSweepTest {
    @TempDir
    Path dir;

    private Path sweepFile() throws IOException {
        try (InputStream in = SparkSweepTest.class.getResourceAsStream("/tiny_sac_pendulum.conf")) {
            Files.write(dir.resolve("tiny_sac_pendulum.conf"), in.readAllBytes());
        }
        Path conf = dir.resolve("tiny_sweep.conf");
        Files.writeString(conf, """
                Sweep {
                  base = "tiny_sac_pendulum.conf"
                  params = [ "TrainerConfig.numEnvSteps = 300", "TrainerConfig.checkpointInterval = 100" ]
                  grid { "SacAlgorithm.gamma" = [0.9, 0.99] }
                  seeds = [3, 4]
                }
                """);
        return conf;
    }

    private static List<Path> metricsFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(p -> p.getFileName().toString().equals("metrics.csv")).map(out::relativize).sorted()
                    .toList();
        }
    }

    @Test
    void sparkLocalGivesByteIdenticalMetricsToTheThreadPool() throws IOException {
        assumeSparkRunsOnThisJdk();
        Path conf = sweepFile();
        Path pool = dir.resolve("pool");
        Path spark = dir.resolve("spark");
        assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--out", pool.toString(), "--quiet"));
        assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--master", "local[2]", "--out",
                spark.toUri().toString(), "--quiet"));
        List<Path> trials = metricsFiles(pool);
        assertEquals(4, trials.size(), trials.toString());
        assertEquals(trials, metricsFiles(spark));
        for (Path t : trials) {
            assertArrayEquals(Files.readAllBytes(pool.resolve(t)), Files.readAllBytes(spark.resolve(t)), t.toString());
            Path run = spark.resolve(t).getParent();
            assertTrue(Files.isDirectory(run.resolve("checkpoints")), "checkpoints landed for " + run);
            assertEquals(Files.readString(pool.resolve(t).resolveSibling("operative.conf")),
                    Files.readString(run.resolve("operative.conf")));
        }
        assertEquals(Files.readString(pool.resolve(SweepReport.CURVES_CSV)),
                Files.readString(spark.resolve(SweepReport.CURVES_CSV)));
        assertTrue(Files.exists(spark.resolve(SweepReport.INDEX_HTML)));
        try (Stream<Path> files = Files.walk(spark)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".crc")
                    || p.getFileName().toString().contains(".uploading-")), "no side files in the output");
        }
        // a second run skips every finished trial (it finds their metrics at the output location)
        assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--master", "local[2]", "--out",
                spark.toString(), "--quiet"));
        for (Path t : trials) {
            assertArrayEquals(Files.readAllBytes(pool.resolve(t)), Files.readAllBytes(spark.resolve(t)), t.toString());
        }
    }

    @Test
    void aFileSystemUriOutputReceivesTheRunsAndTheReport() throws IOException {
        assumeSparkRunsOnThisJdk();
        Path conf = sweepFile();
        Path pool = dir.resolve("pool");
        Path remote = dir.resolve("remote");
        assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--seeds", "1", "--out", pool.toString(),
                "--quiet"));
        String key = "spark.hadoop.fs." + SchemeLocalFileSystem.SCHEME + ".impl";
        System.setProperty(key, SchemeLocalFileSystem.class.getName());
        try {
            assertEquals(0, Alf.execute("sweep", "--conf", conf.toString(), "--seeds", "1", "--master", "local[2]",
                    "--out", SchemeLocalFileSystem.SCHEME + "://" + remote.toAbsolutePath(), "--quiet"));
        } finally {
            System.clearProperty(key);
        }
        List<Path> trials = metricsFiles(pool);
        assertEquals(2, trials.size(), trials.toString());
        assertEquals(trials, metricsFiles(remote));
        for (Path t : trials) {
            assertArrayEquals(Files.readAllBytes(pool.resolve(t)), Files.readAllBytes(remote.resolve(t)), t.toString());
        }
        for (Path report : SweepReport.files()) {
            assertTrue(Files.isRegularFile(remote.resolve(report)), "published " + report);
        }
        assertEquals(Files.readString(pool.resolve(SweepReport.CURVES_CSV)),
                Files.readString(remote.resolve(SweepReport.CURVES_CSV)));
    }

    @Test
    void aTrialThatKeepsFailingIsReportedByNameWhileTheOthersFinish() throws IOException {
        assumeSparkRunsOnThisJdk();
        Path conf = sweepFile();
        Path out = dir.resolve("out");
        List<Trial> trials = SweepSpec.read(conf, SweepSpec.SWEEP_BLOCK).trials(out);
        Trial broken = trials.get(1);
        // a run directory holding another configuration's run: every attempt refuses to touch it
        Files.createDirectories(broken.runDir());
        Files.writeString(broken.runDir().resolve("operative.conf"), "TrainerConfig.seed = 12345\n");
        ClusterTrialRunnerProvider provider = ClusterTrialRunners.provider();
        assertEquals("Apache Spark", provider.name());
        List<String> log = new ArrayList<>();
        IllegalStateException e;
        try (ClusterTrialRunner runner = provider.open("local[2]", out.toString(), out, line -> {
            synchronized (log) {
                log.add(line);
            }
        })) {
            e = assertThrows(IllegalStateException.class, () -> runner.run(trials, 1200, (s, t, r) -> { }));
        }
        assertTrue(e.getMessage().startsWith("1 of 4 trial(s) failed"), e.getMessage());
        assertTrue(e.getMessage().contains(broken.name()) && e.getMessage().contains("different configuration")
                && e.getMessage().contains("4 attempts"), e.getMessage());
        for (Trial t : trials) {
            assertEquals(t != broken, Files.exists(t.runDir().resolve("metrics.csv")), t.name());
        }
        synchronized (log) {
            assertTrue(log.stream().anyMatch(l -> l.startsWith("attempt 1 of " + broken.name() + " failed")),
                    log.toString());
        }
    }

    @Test
    void localMastersGetTaskRetries() {
        assertEquals("local[2,4]", SparkTrialRunner.withLocalRetries("local[2]"));
        assertEquals("local[*,4]", SparkTrialRunner.withLocalRetries("local[*]"));
        assertEquals("local[2,7]", SparkTrialRunner.withLocalRetries("local[2,7]"));
        assertEquals("spark://127.0.0.1:7077", SparkTrialRunner.withLocalRetries("spark://127.0.0.1:7077"));
    }

    /**
     * Spark 3.5's Hadoop 3.3 client calls {@code Subject.getSubject}, which throws {@code UnsupportedOperationException}
     * from JDK 24 on (JEP 486): Spark itself cannot run there, so these tests are skipped with the reason.
     */
    private static void assumeSparkRunsOnThisJdk() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 24, "Spark 3.5 (Hadoop 3.3) calls "
                + "Subject.getSubject, unsupported from JDK 24 on; run the Spark sweeps on JDK 17 or 21");
    }
}
