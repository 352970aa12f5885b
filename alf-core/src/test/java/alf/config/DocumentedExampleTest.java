package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the complete example of docs/config.md with stand-ins for the real classes and checks its output. */
class DocumentedExampleTest {

    @TempDir
    Path dir;

    interface Optimizer {
    }

    enum ActionMode { STOCHASTIC, DETERMINISTIC }

    record Environment(String name) {
    }

    @Configurable
    record AdamTF(@Default("1e-3") double lr, @Default("0.9") double beta1, @Default("0.999") double beta2,
                  @Default("1e-7") double eps) implements Optimizer {
    }

    @Configurable
    record SacAlgorithm(Environment env,
                        Optimizer actorOptimizer,
                        @Default("{ class = AdamTF }") Optimizer criticOptimizer,
                        @Default("[256, 256]") List<Integer> hiddenSizes,
                        @Default("0.99") double gamma,
                        @Param("tau") @Default("0.005") double targetUpdateTau,
                        @Default("stochastic") ActionMode mode,
                        @Default("10s") Duration logInterval) {
    }

    @Test
    void exampleBuildsAndWritesTheDocumentedOperativeConfig() throws IOException {
        Files.createDirectories(dir.resolve("configs/common"));
        Files.writeString(dir.resolve("configs/common/optimizers.conf"), "AdamTF.beta2 = 0.99\n");
        Path conf = dir.resolve("configs/sac_pendulum.conf");
        Files.writeString(conf, """
                include required("common/optimizers.conf")

                SacAlgorithm {
                  actorOptimizer  = { class = AdamTF, scope = actor }
                  criticOptimizer = { class = AdamTF, scope = critic }
                  hiddenSizes     = [256, 256]
                  gamma           = 0.99
                  tau             = 0.005
                  mode            = stochastic
                  logInterval     = 30 seconds
                }

                actor.AdamTF.lr  = 3e-4
                critic.AdamTF.lr = 1e-3
                """);
        ConfigRegistry registry = ConfigRegistry.of(SacAlgorithm.class, AdamTF.class);
        ConfigBinder binder = ConfigBinder.load(registry, List.of(conf), List.of("actor.AdamTF.lr=1e-4"));
        Environment env = new Environment("Pendulum");
        SacAlgorithm sac = binder.build(SacAlgorithm.class, Map.of("env", env));
        Path operative = dir.resolve("run/operative.conf");
        binder.operativeConfig().write(operative);
        binder.checkAllUsed();

        assertEquals(new SacAlgorithm(env, new AdamTF(1e-4, 0.9, 0.99, 1e-7), new AdamTF(1e-3, 0.9, 0.99, 1e-7),
                List.of(256, 256), 0.99, 0.005, ActionMode.STOCHASTIC, Duration.ofSeconds(30)), sac);
        assertEquals("""
                # Operative configuration: every value used, defaults included.
                # Pass this file back with --conf to re-run the experiment with the same values.
                SacAlgorithm.actorOptimizer = {"beta1":0.9,"beta2":0.99,"class":"AdamTF","eps":1.0E-7,"lr":1.0E-4}
                SacAlgorithm.criticOptimizer = {"beta1":0.9,"beta2":0.99,"class":"AdamTF","eps":1.0E-7,"lr":0.001}
                SacAlgorithm.gamma = 0.99
                SacAlgorithm.hiddenSizes = [256,256]
                SacAlgorithm.logInterval = "30 seconds"
                SacAlgorithm.mode = "stochastic"
                SacAlgorithm.tau = 0.005

                # Supplied by code, not by configuration:
                #   SacAlgorithm.env
                """, Files.readString(operative));
        assertEquals(sac, ConfigBinder.load(registry, List.of(operative), List.of())
                .build(SacAlgorithm.class, Map.of("env", env)));
    }
}
