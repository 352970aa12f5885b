package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad command-line and configuration inputs, one row each: the arguments ({@code BASE} stands for the tiny SAC
 * config, {@code TMP} for a fresh directory) → the exit status and the fragments the message must contain (naming
 * the key, option, file or line) and must not contain.
 */
class BadInputTest {

    @TempDir
    static Path shared;

    private static Arguments row(String name, List<String> args, int exit, List<String> fragments) {
        return Arguments.of(name, args, exit, fragments);
    }

    private static List<String> train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--conf", "BASE", "--run-dir", "TMP/run", "--quiet"));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> cartpole(String param) {
        return List.of("train", "--conf", "CARTPOLE", "--run-dir", "TMP/run", "--quiet", "--param", param);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("batch larger than the buffer", train("--param", "TrainerConfig.batchSize=64",
                        "--param", "TrainerConfig.replayCapacity=32"), 1,
                        List.of("TrainerConfig.batchSize = 64", "TrainerConfig.replayCapacity = 32")),
                row("random phase covers the whole run", train("--param", "TrainerConfig.initialCollectSteps=300"), 1,
                        List.of("TrainerConfig.initialCollectSteps = 300", "TrainerConfig.numEnvSteps = 300")),
                row("empty run directory", List.of("train", "--conf", "BASE", "--run-dir", "", "--quiet"), 1,
                        List.of("--run-dir must name")),
                row("empty sweep output", List.of("compare", "--conf", "COMPARE", "--out", " ", "--quiet"), 1,
                        List.of("--out must name")),
                row("replay buffer beyond the heap", train("--param", "TrainerConfig.replayCapacity=400000000"), 1,
                        List.of("TrainerConfig.replayCapacity", "bytes", "-Xmx")),
                row("replay buffer beyond 2^31-1 elements",
                        train("--param", "TrainerConfig.replayCapacity=2000000000"), 1,
                        List.of("TrainerConfig.replayCapacity", "2^31-1")),
                row("critic beyond the heap", train("--param", "SacAlgorithm.criticHiddenSizes=[40000,40000]"), 1,
                        List.of("SacAlgorithm.criticHiddenSizes", "bytes")),
                row("too many evaluation episodes", train("--param", "TrainerConfig.numEvalEpisodes=50000000"), 1,
                        List.of("TrainerConfig.numEvalEpisodes = 50000000", "100000")),
                row("playground steps beyond the heap", List.of("playground", "--out", "TMP/pg", "--steps",
                        "2000000000"), 1, List.of("--steps", "bytes")),
                row("playground without steps", List.of("playground", "--out", "TMP/pg", "--steps", "0"), 1,
                        List.of("--steps must be >= 1")),
                row("actor keys with discrete actions", List.of("train", "--conf", "CARTPOLE", "--run-dir", "TMP/run",
                        "--quiet", "--param", "SacAlgorithm.actorHiddenSizes=[8]", "--param",
                        "SacAlgorithm.stdTransform=softplus"), 1,
                        List.of("'SacAlgorithm.actorHiddenSizes' at --param", "'SacAlgorithm.stdTransform' at --param",
                                "discrete actions have no actor network")),
                row("a default optimizer no part uses", train("--param", "SacAlgorithm.optimizer={class=Sgd,lr=1}"), 1,
                        List.of("'SacAlgorithm.optimizer'", "every part has its own optimizer")),
                row("an optimizer key naming a class that is no optimizer",
                        train("--param", "SacAlgorithm.actorOptimizer={class=TrainerConfig}"), 1,
                        List.of("TrainerConfig is not an Optimizer", "accepted here: Adam, AdamTF, AdamW, Sgd")),
                row("an algorithm slot naming a class that is no algorithm", cartpole("algorithm.class=Adam"), 1,
                        List.of("'algorithm' at --param algorithm.class=Adam", "does not implement alf.rl.RLAlgorithm")),
                row("a misspelt class key in a slot", cartpole("algorithm.clas=SacAlgorithm"), 1,
                        List.of("unknown key 'algorithm.clas'", "did you mean 'algorithm.class'?")),
                row("a wrapper that is no wrapper",
                        cartpole("environment.wrappers=[{class=Environment,name=CartPole-v1}]"), 1,
                        List.of("environment.wrappers.0 at --param", "has no constructor parameter 'inner'")),
                row("an unknown task", cartpole("environment.name=CartPole-v9"), 1,
                        List.of("configured by environment at ", "cartpole.conf:5", "unknown task 'CartPole-v9'")),
                row("config path is a directory", List.of("train", "--conf", "TMP", "--run-dir", "TMP/run"), 1,
                        List.of("is a directory")),
                row("config path is /dev/null", List.of("train", "--conf", "/dev/null", "--run-dir", "TMP/run"), 1,
                        List.of("/dev/null is a character device")),
                row("missing required include", List.of("train", "--conf", "INCLUDING", "--run-dir", "TMP/run"), 1,
                        List.of("including.conf:2: include of 'missing.conf' failed")),
                row("eval without episodes", List.of("eval", "TMP", "--episodes", "0"), 1,
                        List.of("--episodes must lie in [1, 100000]", "got 0")),
                row("eval of absurdly many episodes", List.of("eval", "TMP", "--episodes", "100000000"), 1,
                        List.of("--episodes must lie in [1, 100000]")),
                row("plot of a malformed metrics file", List.of("plot", "RUN_WITH_BAD_METRICS", "--out", "TMP/p.png"), 1,
                        List.of("metrics.csv:3: 'abc' is not a number")),
                row("variant named ..", List.of("compare", "--conf", "COMPARE_DOTDOT", "--out", "TMP/out", "--quiet"),
                        1, List.of("variants has the name '..'", "not a safe directory name")),
                row("variant named with a separator", List.of("compare", "--conf", "COMPARE_SLASH", "--out", "TMP/out",
                        "--quiet"), 1, List.of("variants has the name 'a/b'", "not a safe directory name")),
                row("learning rate 1e30", train("--param", "SacAlgorithm.actorOptimizer.lr=1e30",
                        "--param", "SacAlgorithm.criticOptimizer.lr=1e30",
                        "--param", "SacAlgorithm.alphaOptimizer.lr=1e30"), 1,
                        List.of("training step", "NaN or infinite", "lower the learning rate")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRejectedWithAClearMessage(String name, List<String> args, int exit, List<String> fragments,
            @TempDir Path tmp) throws IOException {
        Path base = TinyConfigs.base(tmp);
        Path cartpole = tmp.resolve("cartpole.conf");
        Files.copy(Path.of(System.getProperty("user.dir")).getParent().resolve("configs/sac_cartpole.conf"), cartpole);
        Path including = tmp.resolve("including.conf");
        Files.writeString(including, "include \"tiny_sac_pendulum.conf\"\ninclude required(\"missing.conf\")\n");
        Path metricsRun = Files.createDirectories(tmp.resolve("metrics-run"));
        Files.writeString(metricsRun.resolve("metrics.csv"), "env_steps,eval_return\n0,-1200.5\n150,-1100.0\n");
        Path badRun = Files.createDirectories(tmp.resolve("bad-run"));
        Files.writeString(badRun.resolve("metrics.csv"), "env_steps,eval_return\n0,-1200.5\n150,abc\n");
        Path comparison = TinyConfigs.comparison(tmp, 1);
        Path dotdot = tmp.resolve("dotdot.conf");
        Files.writeString(dotdot, "Comparison {\n  base = \"tiny_sac_pendulum.conf\"\n  variants {\n"
                + "    \"..\" = [ \"TrainerConfig.numEnvSteps = 200\" ]\n  }\n  seeds = 1\n}\n");
        Path slash = tmp.resolve("slash.conf");
        Files.writeString(slash, "Comparison {\n  base = \"tiny_sac_pendulum.conf\"\n  variants {\n"
                + "    \"a/b\" = [ \"TrainerConfig.numEnvSteps = 200\" ]\n  }\n  seeds = 1\n}\n");
        String[] resolved = args.stream().map(a -> switch (a) {
            case "COMPARE" -> comparison.toString();
            case "COMPARE_DOTDOT" -> dotdot.toString();
            case "COMPARE_SLASH" -> slash.toString();
            case "BASE" -> base.toString();
            case "CARTPOLE" -> cartpole.toString();
            case "INCLUDING" -> including.toString();
            case "RUN_WITH_METRICS" -> metricsRun.toString();
            case "RUN_WITH_BAD_METRICS" -> badRun.toString();
            case "TMP" -> tmp.toString();
            default -> a.startsWith("TMP/") ? tmp.resolve(a.substring(4)).toString() : a;
        }).toArray(String[]::new);
        int[] status = new int[1];
        String err = CliTest.captureErr(() -> status[0] = Alf.execute(resolved));
        assertEquals(exit, status[0], err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "expected '" + fragment + "' in: " + err);
        }
        assertFalse(err.contains("Exception"), "a raw exception leaked: " + err);
        assertFalse(err.contains("scale must be > 0") && !err.contains("training diverged"), err);
    }

    @Test
    void discreteSacRecordsNoActorKeysAsOperative(@TempDir Path tmp) {
        Path cartpole = Path.of(System.getProperty("user.dir")).getParent().resolve("configs/sac_cartpole.conf");
        try (Experiment experiment = Experiment.assemble(List.of(cartpole), List.of(), tmp.resolve("run"))) {
            String operative = experiment.operativeConfig().toHocon();
            for (String ignored : List.of("actorHiddenSizes", "actorOptimizer", "stateDependentStd", "stdTransform",
                    "scaleDistribution", "algorithm.optimizer")) {
                assertFalse(operative.contains(ignored), ignored + " must not be operative:\n" + operative);
            }
            assertTrue(operative.contains("algorithm.criticOptimizer = "), operative);
        }
    }

    @Test
    void aRunWhoseOperativeConfigRecordsAnIgnoredDefaultStillLoads(@TempDir Path tmp) throws IOException {
        // written before SacAlgorithm reported ignored parameters: the unused default optimizer was recorded
        String earlier = Files.readString(TinyConfigs.base(tmp))
                + "SacAlgorithm.optimizer = { class = Adam, lr = 3e-4 }\n";
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(Experiment.OPERATIVE_CONFIG), earlier);
        try (Experiment loaded = Experiment.load(run)) {
            assertEquals(300, loaded.trainerConfig().numEnvSteps());
        }
        String err = CliTest.captureErr(() -> assertEquals(1, Alf.execute("train", "--conf",
                run.resolve(Experiment.OPERATIVE_CONFIG).toString(), "--run-dir", tmp.resolve("new").toString(),
                "--quiet")));
        assertTrue(err.contains("'SacAlgorithm.optimizer'") && err.contains("every part has its own optimizer"), err);
    }

    @Test
    void aFullDiskKeepsTheOperatingSystemsCause() {
        // a real ENOSPC from the OS: /dev/full accepts opening and fails every write
        IOException full = null;
        try {
            Files.write(Path.of("/dev/full"), new byte[] {1});
        } catch (IOException e) {
            full = e;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(full != null, "/dev/full is not available on this system");
        String text = Alf.describe(new UncheckedIOException("cannot write run/metrics.csv", full));
        assertTrue(text.startsWith("cannot write run/metrics.csv: ") && text.contains("No space left on device"), text);
    }

    @Test
    void wrappedCausesAreKeptInTheMessage() {
        String text = Alf.describe(new UncheckedIOException("cannot write /x/ckpt.safetensors",
                new IOException("/x/ckpt.safetensors: No space left on device")));
        assertEquals("cannot write /x/ckpt.safetensors: /x/ckpt.safetensors: No space left on device", text);
    }
}
