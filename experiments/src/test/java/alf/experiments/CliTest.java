package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alf} command line end to end on a tiny run: train, resume, eval, plot, and a config error. */
class CliTest {

    /** What {@code r} writes to standard error. */
    static String captureErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainResumeEvalAndPlot(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY);
        Path run = tmp.resolve("run");
        assertEquals(0, Alf.execute("train", "--conf", conf.toString(), "--run-dir", run.toString(), "--quiet",
                "--param", "TrainerConfig.numEnvSteps=1000"));
        for (String f : new String[] {"operative.conf", "metrics.csv", "metrics.jsonl", "timing.csv",
            "learning_curve.png", "checkpoints/ckpt-000000001000.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(Files.readString(run.resolve("operative.conf")).contains("TrainerConfig.numEnvSteps = 1000"));
        String refused = captureErr(() -> assertEquals(1, Alf.execute("train", "--conf", conf.toString(),
                "--run-dir", run.toString(), "--quiet")));
        assertTrue(refused.contains("already holds a run"), refused);
        assertEquals(0, Alf.execute("train", "--resume", run.toString(), "--quiet"));
        String evalProgress = captureErr(() -> assertEquals(0, Alf.execute("eval", run.toString(), "--episodes", "2")));
        assertTrue(evalProgress.contains("2/2 episodes"), "eval shows finished episodes: " + evalProgress);
        String quietEval = captureErr(() -> assertEquals(0, Alf.execute("eval", run.toString(), "--episodes", "2",
                "--quiet")));
        assertTrue(!quietEval.contains("episodes"), quietEval);
        Path png = tmp.resolve("both.png");
        assertEquals(0, Alf.execute("plot", run.toString(), run.toString(), "--out", png.toString()));
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void aTypoInAKeyFailsNamingTheFileLineAndTheNearestKey(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("typo.conf");
        Files.writeString(conf, "TrainerConfig {\n  numEnvStep = 10\n}\n");
        String err = captureErr(() -> assertEquals(1, Alf.execute("train", "--conf", conf.toString(), "--run-dir",
                tmp.resolve("run").toString(), "--quiet")));
        assertTrue(err.contains("TrainerConfig.numEnvStep") && err.contains("typo.conf:2")
                && err.contains("TrainerConfig.numEnvSteps"), err);
        assertTrue(!Files.exists(tmp.resolve("run")), "a configuration error leaves no run directory behind");
    }

    @Test
    void theVersionNamesTheCheckpointFormatItReads() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Alf.execute("--version");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, status);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("(checkpoint format " + alf.io.Checkpointer.FORMAT
                + ")"), buf.toString(StandardCharsets.UTF_8));
    }
}
