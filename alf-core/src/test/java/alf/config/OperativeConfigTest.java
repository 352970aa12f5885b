package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.config.Fixtures.Adam;
import alf.config.Fixtures.AdamTF;
import alf.config.Fixtures.FakeEnv;
import alf.config.Fixtures.Mode;
import alf.config.Fixtures.Network;
import alf.config.Fixtures.Sac;
import alf.config.Fixtures.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperativeConfigTest {

    @TempDir
    Path dir;

    private final ConfigRegistry registry = Fixtures.registry();
    private final FakeEnv env = new FakeEnv("pendulum");

    /** Everything one experiment builds, so two runs can be compared value by value. */
    private record Experiment(Sac sac, Adam targetAdam, Trainer trainer) {
    }

    private Experiment buildAll(ConfigBinder binder) {
        return new Experiment(binder.build(Sac.class, Map.of("env", env)),
                binder.build(Adam.class, "target"),
                binder.build(Trainer.class));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void operativeConfigRebuildsEveryValueIdentically() throws IOException {
        write("optimizers.conf", """
                Adam { lr = 1e-3, beta1 = 0.85 }
                critic.Adam.lr = 5e-4
                """);
        Path experiment = write("experiment.conf", """
                include "optimizers.conf"
                Sac {
                  actorOptimizer = { class = AdamTF, lr = 3e-4, amsgrad = true }
                  actorNetwork = { class = Network, sizes = [400, 300] }
                  hiddenSizes = [128, 128]
                  mode = deterministic
                  evalInterval = 30 seconds
                  numSteps = 2e5
                }
                target.Adam.eps = 1e-6
                Trainer {
                  batch = 128
                  optimizers = [AdamTF, { class = Adam, scope = extra }]
                }
                extra.Adam.lr = 0.125
                AdamTF.lr = 7e-4
                unused.Adam.lr = 9
                """);
        ConfigBinder first = ConfigBinder.load(registry, List.of(experiment),
                List.of("Sac.gamma=0.98", "Sac.runName=\"run 1\""));
        Experiment built = buildAll(first);

        assertEquals(new AdamTF(3e-4, true), built.sac().actorOptimizer());
        assertEquals(new Adam(5e-4, 0.85, 0.999, 1e-8), built.sac().criticOptimizer());
        assertEquals(new Network(new int[] {400, 300}, new double[] {1.0, 0.5}, "relu"), built.sac().actorNetwork());
        assertEquals(0.98, built.sac().gamma());
        assertEquals(Mode.DETERMINISTIC, built.sac().mode());
        assertEquals(Duration.ofSeconds(30), built.sac().evalInterval());
        assertEquals(200_000L, built.sac().numSteps());
        assertEquals("run 1", built.sac().runName());
        assertEquals(new Adam(1e-3, 0.85, 0.999, 1e-6), built.targetAdam());
        assertEquals(List.of(new AdamTF(7e-4, false), new Adam(0.125, 0.85, 0.999, 1e-8)), built.trainer().optimizers);

        Path operative = dir.resolve("run/operative.conf");
        first.operativeConfig().write(operative);
        ConfigBinder second = ConfigBinder.load(registry, List.of(operative), List.of());
        Experiment rebuilt = buildAll(second);

        assertEquals(built.sac(), rebuilt.sac());
        assertEquals(built.targetAdam(), rebuilt.targetAdam());
        assertEquals(built.trainer().batchSize, rebuilt.trainer().batchSize);
        assertEquals(built.trainer().optimizers, rebuilt.trainer().optimizers);
        assertEquals(List.of(), second.inoperativeKeys());
        assertEquals(first.operativeConfig().values().keySet(), second.operativeConfig().values().keySet());
        assertEquals(render(first.operativeConfig()), render(second.operativeConfig()));
    }

    @Test
    void hoconTextListsDefaultsSortedKeysCodeSuppliedAndInoperativeKeys() throws IOException {
        Path file = write("small.conf", "Adam.lr = 0.25\nnowhere.AdamTF.lr = 1\n");
        ConfigBinder binder = ConfigBinder.load(registry, List.of(file), List.of());
        binder.build(Adam.class, Map.of("eps", 1e-5));
        binder.build(AdamTF.class, "q");
        String text = binder.operativeConfig().toHocon();
        assertEquals("""
                # Operative configuration: every value used, defaults included.
                # Pass this file back with --conf to re-run the experiment with the same values.
                Adam.beta1 = 0.9
                Adam.beta2 = 0.999
                Adam.lr = 0.25
                q.AdamTF.amsgrad = false
                q.AdamTF.lr = 0.001

                # Supplied by code, not by configuration:
                #   Adam.eps

                # Inoperative keys (set but never used):
                #   nowhere.AdamTF.lr  (%s:2)
                """.formatted(file.toAbsolutePath()), text);
        assertEquals(text, binder.operativeConfig().toHocon());
    }

    @Test
    void nestedObjectsAreWrittenInlineWithAllTheirValues() {
        ConfigBinder binder = ConfigBinder.load(registry, List.of(),
                List.of("Sac.actorOptimizer=AdamTF", "critic.Adam.lr=0.5"));
        binder.build(Sac.class, Map.of("env", env));
        OperativeConfig operative = binder.operativeConfig();
        assertEquals("{\"amsgrad\":false,\"class\":\"AdamTF\",\"lr\":0.001}", renderValue(operative, "Sac.actorOptimizer"));
        assertEquals("{\"beta1\":0.9,\"beta2\":0.999,\"class\":\"Adam\",\"eps\":1.0E-8,\"lr\":0.5}",
                renderValue(operative, "Sac.criticOptimizer"));
        assertEquals("{\"activation\":\"relu\",\"class\":\"Network\",\"scales\":[1,0.5],\"sizes\":[64,64]}",
                renderValue(operative, "Sac.actorNetwork"));
        assertEquals("null", renderValue(operative, "Sac.runName"));
        assertEquals(List.of("Sac.env"), List.copyOf(operative.codeSuppliedKeys()));
    }

    @Test
    void stringParameterGivenANumberKeepsItsExactText() throws IOException {
        ConfigBinder first = ConfigBinder.load(registry, List.of(), List.of("Network.activation=1.0"));
        assertEquals("1.0", first.build(Network.class).activation());
        Path operative = dir.resolve("operative.conf");
        first.operativeConfig().write(operative);
        assertTrue(Files.readString(operative).contains("Network.activation = \"1.0\"\n"));
        assertEquals("1.0", ConfigBinder.load(registry, List.of(operative), List.of()).build(Network.class).activation());
    }

    private static String renderValue(OperativeConfig operative, String key) {
        return operative.toHocon().lines().filter(l -> l.startsWith(key + " = ")).findFirst()
                .orElseThrow().substring(key.length() + 3);
    }

    private static String render(OperativeConfig operative) {
        return operative.toHocon().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList().toString();
    }
}
