package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.Checkpointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alf train} and {@code alf sweep} in a child process stopped by a signal (what Ctrl-C or {@code kill} does): a
 * run checkpoints the step it reached and says how to resume, a sweep checkpoints its trial in progress and starts no
 * other, and {@code --quiet} keeps INFO log lines off standard error.
 */
class GracefulStopTest {

    @Test
    void aSignalledTrainingCheckpointsTheCurrentStepAndNamesTheResumeCommand(@TempDir Path tmp) throws Exception {
        Path conf = TinyConfigs.base(tmp);
        Path runDir = tmp.resolve("run");
        Path stderr = tmp.resolve("stderr.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Alf.class.getName(), "train", conf.toString(),
                "--run-dir", runDir.toString(), "--quiet", "--tensorboard=false",
                // far more steps than the test waits for, no periodic checkpoints: only the stop writes one
                "--param", "TrainerConfig.numEnvSteps=10000000", "--param", "TrainerConfig.checkpointInterval=0",
                "--param", "TrainerConfig.evalInterval=200"));
        assertEquals(128 + 15, stopOnceTraining(command, runDir.resolve("metrics.csv"), stderr),
                "killed by SIGTERM after its shutdown hook");
        String err = read(stderr);
        List<Long> steps = new Checkpointer(runDir.resolve("checkpoints"), 3).steps();
        assertEquals(1, steps.size(), "one checkpoint, written by the stop: " + steps + "\n" + err);
        assertTrue(steps.get(0) >= 200, "the checkpoint is of the step reached: " + steps);
        assertTrue(err.contains("stopped at " + steps.get(0) + " environment steps with a checkpoint of that step; "
                + "continue with 'alf train --resume " + runDir + "'"), err);
        assertFalse(err.contains(" INFO "), "--quiet keeps INFO log lines away:\n" + err);
    }

    @Test
    void aSignalledSweepCheckpointsTheTrialInProgressAndStartsNoOther(@TempDir Path tmp) throws Exception {
        TinyConfigs.base(tmp);
        Path conf = tmp.resolve("two_seeds.conf");
        Files.writeString(conf, """
                Sweep {
                  base = "tiny_sac_pendulum.conf"
                  params = [ "TrainerConfig.numEnvSteps = 10000000", "TrainerConfig.checkpointInterval = 0",
                             "TrainerConfig.evalInterval = 200" ]
                  seeds = [1, 2]
                }
                """);
        Path out = tmp.resolve("out");
        Path stderr = tmp.resolve("stderr.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Alf.class.getName(), "sweep", "--conf", conf.toString(),
                "--out", out.toString(), "--parallel", "1");
        Path first = out.resolve("base").resolve("seed-1");
        assertEquals(128 + 15, stopOnceTraining(command, first.resolve("metrics.csv"), stderr));
        String err = read(stderr);
        List<Long> steps = new Checkpointer(first.resolve("checkpoints"), 3).steps();
        assertEquals(1, steps.size(), "one checkpoint, written by the stop: " + steps + "\n" + err);
        assertTrue(steps.get(0) >= 200, "the checkpoint is of the step reached: " + steps);
        assertFalse(Files.exists(out.resolve("base").resolve("seed-2").resolve("metrics.csv")), err);
        assertTrue(err.contains("sweep stopped: the trials in progress were checkpointed"), err);
        assertTrue(err.contains("not started (stop requested): base / seed 2"), err);
    }

    /**
     * Starts {@code command}, waits until {@code metrics} holds two evaluation rows (training is under way), sends
     * SIGTERM (the JVM runs its shutdown hooks, as on Ctrl-C's SIGINT) and returns the exit status.
     */
    private static int stopOnceTraining(List<String> command, Path metrics, Path stderr) throws Exception {
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // header, step 0, step 200: training is under way
            while (!(Files.exists(metrics) && Files.readAllLines(metrics).size() >= 3)) {
                assertTrue(child.isAlive(), () -> "the run ended early: " + read(stderr));
                assertTrue(System.nanoTime() < deadline, () -> "no evaluation row within 120 s: " + read(stderr));
                Thread.sleep(50);
            }
            child.destroy();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the run did not stop within 120 s");
            return child.exitValue();
        } finally {
            child.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
