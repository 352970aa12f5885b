package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.experiments.sweep.TrialStatus;
import alf.io.Checkpointer;
import alf.io.RunDirectoryLock;
import alf.io.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run directory guarantees through the {@code alf} command line (issue 11, items 1-3 and 10-12): a run is
 * finished only with its final checkpoint on disk, damaged or misfitting checkpoints are reported and skipped, edited
 * configurations and old checkpoint formats are refused, the directory is locked, and run files are never
 * overwritten, followed through links or given new permissions. Each case uses the 300-step tiny run.
 */
class RunDirectoryReliabilityTest {
    private static final String FINAL = "checkpoints/ckpt-000000000300.safetensors";

    /** Exit code and standard error of one in-process {@code alf} command. */
    private record Result(int exitCode, String err, String out) {
    }

    private static Result alf(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Alf.execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    /** A finished tiny run (checkpoints at 100, 200, 300) in {@code tmp/run}. */
    private static Path finishedRun(Path tmp) throws IOException {
        Path conf = TinyConfigs.base(tmp);
        Path run = tmp.resolve("run");
        Result r = alf("train", conf.toString(), "--run-dir", run.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        return run;
    }

    /** Leaves {@code run} as a kill after its last metrics row and before its final checkpoint leaves it. */
    private static void killBeforeFinalCheckpoint(Path run) throws IOException {
        Files.delete(run.resolve(FINAL));
        Files.delete(run.resolve("learning_curve.png"));
        Files.write(run.resolve("checkpoints/.ckpt-000000000300.safetensors.8812734.tmp"), new byte[] {1, 2, 3});
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aKillInTheFinalWindowLeavesAnUnfinishedRunThatResumeCompletesBitIdentically(@TempDir Path tmp)
            throws IOException {
        Path run = finishedRun(tmp);
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        assertEquals(TrialStatus.FINISHED, TrialStatus.of(run, 300));
        killBeforeFinalCheckpoint(run);
        assertEquals(TrialStatus.INTERRUPTED, TrialStatus.of(run, 300), "metrics alone do not finish a run");

        Result eval = alf("eval", run.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains("is not finished") && eval.err().contains("step 200 of 300"), eval.err());
        assertTrue(eval.out().contains("ckpt-000000000200.safetensors (200 environment steps)"), eval.out());

        Result resume = alf("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, resume.exitCode(), resume.err());
        assertFalse(resume.err().contains("already"), resume.err());
        assertTrue(Files.exists(run.resolve(FINAL)) && Files.exists(run.resolve("learning_curve.png")));
        assertEquals(List.of(), temporaries(run), "stale temporary files are cleaned");
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")));
        assertEquals(TrialStatus.FINISHED, TrialStatus.of(run, 300));

        Files.delete(run.resolve("learning_curve.png")); // a kill between the final checkpoint and the plot
        Result again = alf("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("is finished"), again.err());
        assertTrue(Files.exists(run.resolve("learning_curve.png")), "the missing plot is written");
    }

    @Test
    void aDamagedFinalCheckpointIsReportedAndTheResumeFallsBack(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        Path last = run.resolve(FINAL);
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length - 5] ^= 0x10; // one flipped bit in a stored tensor
        Files.write(last, bytes);
        assertEquals(TrialStatus.INTERRUPTED, TrialStatus.of(run, 300));
        Result resume = alf("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, resume.exitCode(), resume.err());
        assertTrue(resume.err().contains(last.toString()) && resume.err().contains("fails its checksum"),
                resume.err());
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")));
        Checkpointer.load(last); // rewritten whole
    }

    @Test
    void aCheckpointThatDoesNotFitTheModelIsNamedWithItsTensorAndSkipped(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        Path other = tmp.resolve("other");
        assertEquals(0, alf("train", tmp.resolve("tiny_sac_pendulum.conf").toString(), "--run-dir",
                other.toString(), "--quiet", "--param", "SacAlgorithm.criticHiddenSizes=[8, 8]").exitCode());
        String second = "checkpoints/ckpt-000000000200.safetensors";
        StateDict foreign = Checkpointer.load(other.resolve(second)).state().remove("configDigest");
        killBeforeFinalCheckpoint(run);
        Files.delete(run.resolve(second));
        new Checkpointer(run.resolve("checkpoints"), 3).save(200, foreign); // valid file, wrong network sizes
        Result resume = alf("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, resume.exitCode(), resume.err());
        assertTrue(resume.err().contains(run.resolve(second).toString())
                && resume.err().contains("algorithm/critics") && resume.err().contains("shape"), resume.err());
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")));
    }

    @Test
    void aResumeAfterOperativeConfWasEditedIsRefused(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        killBeforeFinalCheckpoint(run);
        Path operative = run.resolve("operative.conf");
        Files.writeString(operative, Files.readString(operative).replace("gamma = 0.99", "gamma = 0.9"));
        Result resume = alf("train", "--resume", run.toString(), "--quiet");
        assertEquals(1, resume.exitCode());
        assertTrue(resume.err().contains(operative.toString()) && resume.err().contains("was edited after"),
                resume.err());
        assertFalse(Files.exists(run.resolve(FINAL)));
    }

    @Test
    void aRunWrittenBy010FailsWithTheOlderVersionMessage(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("old");
        Files.createDirectories(run.resolve("checkpoints"));
        for (String f : List.of("operative.conf", "checkpoints/ckpt-000000000100.safetensors")) {
            try (InputStream in = getClass().getResourceAsStream("/runs/format-0.1.0/" + f)) {
                Files.copy(in, run.resolve(f));
            }
        }
        for (Result r : List.of(alf("train", "--resume", run.toString(), "--quiet"), alf("eval", run.toString()))) {
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("written by an older version") && r.err().contains("format 1")
                    && r.err().contains("ckpt-000000000100.safetensors"), r.err());
            assertFalse(r.err().contains("ClassCastException") || r.err().contains("Cannot invoke"), r.err());
        }
    }

    @Test
    void aLockedRunDirectoryRefusesTrainAndResumeNamingTheHolder(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        killBeforeFinalCheckpoint(run);
        Path fresh = tmp.resolve("fresh");
        Files.createDirectories(fresh);
        for (Path dir : List.of(run, fresh)) {
            Path lockFile = dir.resolve(RunDirectoryLock.FILE_NAME);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = ch.tryLock()) {
                assertTrue(held != null && held.isValid(), "the test holds the lock");
                Files.writeString(lockFile, "pid 4242 on elsewhere, started 2026-01-01T00:00:00Z\n");
                Result r = dir == run ? alf("train", "--resume", run.toString(), "--quiet")
                        : alf("train", tmp.resolve("tiny_sac_pendulum.conf").toString(), "--run-dir",
                                fresh.toString(), "--quiet");
                assertEquals(1, r.exitCode());
                assertTrue(r.err().contains(dir.toString()) && r.err().contains("pid 4242 on elsewhere"), r.err());
            }
        }
        assertFalse(Files.exists(run.resolve(FINAL)));
        assertFalse(Files.exists(fresh.resolve("operative.conf")), "nothing written into a locked directory");
    }

    @Test
    void aNewRunRefusesADirectoryHoldingRunFilesOrLinks(@TempDir Path tmp) throws IOException {
        Path conf = TinyConfigs.base(tmp);
        Path elsewhere = tmp.resolve("precious.txt");
        Files.writeString(elsewhere, "keep me");
        for (String name : List.of("operative.conf", "timing.csv", "learning_curve.png", "link:timing.csv")) {
            Path dir = tmp.resolve("dir-" + name.replace(':', '-'));
            Files.createDirectories(dir);
            Path file = dir.resolve(name.replace("link:", ""));
            if (name.startsWith("link:")) {
                Files.createSymbolicLink(file, elsewhere);
            } else {
                Files.writeString(file, "mine");
            }
            Result r = alf("train", conf.toString(), "--run-dir", dir.toString(), "--quiet");
            assertEquals(1, r.exitCode(), name);
            assertTrue(r.err().contains(file.toString()), r.err());
            assertFalse(Files.exists(dir.resolve("metrics.csv")), name);
        }
        assertEquals("keep me", Files.readString(elsewhere));
    }

    @Test
    void plotRefusesAnOutputThatIsNotAPng(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
        Result r = alf("plot", run.toString(), "--out", run.resolve("metrics.csv").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("metrics.csv") && r.err().contains(".png"), r.err());
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.csv")));
    }

    @Test
    void aResumeKeepsTheModesOfTheMetricsFiles(@TempDir Path tmp) throws IOException {
        Path run = finishedRun(tmp);
        killBeforeFinalCheckpoint(run);
        for (String f : List.of("metrics.csv", "timing.csv", "metrics.jsonl")) {
            Files.setPosixFilePermissions(run.resolve(f), PosixFilePermissions.fromString("rw-r-----"));
        }
        assertEquals(0, alf("train", "--resume", run.toString(), "--quiet").exitCode());
        for (String f : List.of("metrics.csv", "timing.csv", "metrics.jsonl")) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(f))),
                    f);
        }
    }
}
