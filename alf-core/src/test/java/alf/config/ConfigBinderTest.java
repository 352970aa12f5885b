package alf.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.config.Fixtures.Adam;
import alf.config.Fixtures.AdamTF;
import alf.config.Fixtures.Agent;
import alf.config.Fixtures.Buffer;
import alf.config.Fixtures.FakeEnv;
import alf.config.Fixtures.Mode;
import alf.config.Fixtures.Network;
import alf.config.Fixtures.Sac;
import alf.config.Fixtures.Trainer;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBinderTest {

    @TempDir
    Path dir;

    private final ConfigRegistry registry = Fixtures.registry();

    private ConfigBinder binder(String hocon) {
        return ConfigBinder.create(registry, ConfigFactory.parseString(hocon));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsKeysAndFillsDefaults() {
        Adam adam = binder("Adam.lr = 3e-4\nAdam.beta2 = 0.98").build(Adam.class);
        assertEquals(new Adam(3e-4, 0.9, 0.98, 1e-8), adam);
    }

    @Test
    void callerArgumentsWinOverConfiguration() {
        ConfigBinder binder = binder("Adam.lr = 3e-4\nAdam.beta1 = 0.5");
        Adam adam = binder.build(Adam.class, Map.of("lr", 0.1));
        assertEquals(new Adam(0.1, 0.5, 0.999, 1e-8), adam);
        assertEquals(List.of("Adam.lr"), binder.inoperativeKeys().stream().map(KeyOrigin::key).toList());
    }

    @Test
    void scopesGiveTwoInstancesDifferentValuesAndFallBackToShorterScopes() {
        ConfigBinder binder = binder("""
                Adam.lr = 1e-3
                Adam.beta1 = 0.8
                actor.Adam.lr = 3e-4
                critic.Adam.lr = 5e-4
                agent.actor.Adam.beta1 = 0.7
                agent.Adam.lr = 2e-4
                """);
        assertEquals(new Adam(3e-4, 0.8, 0.999, 1e-8), binder.build(Adam.class, "actor"));
        assertEquals(new Adam(5e-4, 0.8, 0.999, 1e-8), binder.build(Adam.class, "critic"));
        assertEquals(new Adam(2e-4, 0.7, 0.999, 1e-8), binder.build(Adam.class, "agent.actor"));
        assertEquals(new Adam(1e-3, 0.8, 0.999, 1e-8), binder.build(Adam.class, "target"));
        binder.checkAllUsed();
    }

    @Test
    void missingRequiredValueNamesTheKeysAndTheClass() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("").build(Adam.class, "actor"));
        assertTrue(e.getMessage().startsWith("no value for 'actor.Adam.lr', parameter 'lr' of Adam ("
                + Adam.class.getName() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("[actor.Adam.lr, Adam.lr]"), e.getMessage());
    }

    @Test
    void buildsSacWithNestedObjectsEnumsDurationsAndLists() {
        ConfigBinder binder = binder("""
                Sac {
                  actorOptimizer = { class = AdamTF, lr = 3e-4 }
                  gamma = 0.95
                  tau = 0.01
                  hiddenSizes = [128, 64]
                  mode = Deterministic
                  evalInterval = 2 minutes
                  numSteps = 1e6
                  runName = first
                }
                critic.Adam.lr = 5e-4
                Network.sizes = [32, 16, 8]
                """);
        FakeEnv env = new FakeEnv("pendulum");
        Sac sac = binder.build(Sac.class, Map.of("env", env));
        assertEquals(env, sac.env());
        assertEquals(new AdamTF(3e-4, false), sac.actorOptimizer());
        assertEquals(new Adam(5e-4, 0.9, 0.999, 1e-8), sac.criticOptimizer());
        assertEquals(new Network(new int[] {32, 16, 8}, new double[] {1.0, 0.5}, "relu"), sac.actorNetwork());
        assertEquals(0.95, sac.gamma());
        assertEquals(0.01f, sac.targetUpdateTau());
        assertEquals(List.of(128, 64), sac.hiddenSizes());
        assertEquals(Mode.DETERMINISTIC, sac.mode());
        assertEquals(Duration.ofMinutes(2), sac.evalInterval());
        assertEquals(1_000_000L, sac.numSteps());
        assertEquals("first", sac.runName());
        binder.checkAllUsed();
    }

    @Test
    void nestedObjectMayBeAShortNameOrAnInlineObjectWithItsOwnScope() {
        ConfigBinder binder = binder("""
                Sac.actorOptimizer = AdamTF
                Sac.criticOptimizer = { class = Adam, scope = q }
                AdamTF.amsgrad = true
                q.Adam.lr = 0.02
                """);
        Sac sac = binder.build(Sac.class, Map.of("env", new FakeEnv("e")));
        assertEquals(new AdamTF(1e-3, true), sac.actorOptimizer());
        assertEquals(new Adam(0.02, 0.9, 0.999, 1e-8), sac.criticOptimizer());
        binder.checkAllUsed();
    }

    @Test
    void listsOfNestedObjectsAreBuiltElementByElement() {
        Trainer trainer = binder("""
                Trainer.batch = 64
                Trainer.optimizers = [AdamTF, { class = Adam, lr = 0.5 }]
                """).build(Trainer.class);
        assertEquals(64, trainer.batchSize);
        assertEquals(List.of(new AdamTF(1e-3, false), new Adam(0.5, 0.9, 0.999, 1e-8)), trainer.optimizers);
    }

    @Test
    void enumErrorListsTheAllowedNames() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Sac { actorOptimizer = AdamTF, criticOptimizer = AdamTF, mode = greedy }").build(Sac.class, Map.of("env", new FakeEnv("e"))));
        assertTrue(e.getMessage().startsWith("Sac.mode at "), e.getMessage());
        assertTrue(e.getMessage().endsWith(
                ": expected one of [STOCHASTIC, DETERMINISTIC] (Mode) but got STRING 'greedy'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyFileLineExpectedTypeAndValue() throws IOException {
        Path file = write("bad.conf", "# optimizer\n\nAdam.lr = abc\n");
        ConfigBinder binder = ConfigBinder.load(registry, List.of(file), List.of());
        ConfigBindingException e = assertThrows(ConfigBindingException.class, () -> binder.build(Adam.class));
        assertEquals("Adam.lr at " + file.toAbsolutePath() + ":3: expected a number (double) but got STRING 'abc'",
                e.getMessage());
    }

    @Test
    void integersAcceptWholeNumbersOnly() {
        assertEquals(1000, binder("Buffer.capacity = 1e3").build(Buffer.class).capacity());
        ConfigBindingException fraction = assertThrows(ConfigBindingException.class,
                () -> binder("Buffer.capacity = 1.5").build(Buffer.class));
        assertTrue(fraction.getMessage().contains("expected an integer (int) but got NUMBER '1.5'"), fraction.getMessage());
        ConfigBindingException overflow = assertThrows(ConfigBindingException.class,
                () -> binder("Buffer.capacity = 3000000000").build(Buffer.class));
        assertTrue(overflow.getMessage().contains("expected an integer (int) in ["), overflow.getMessage());
    }

    @Test
    void wrongTypesInListsDurationsAndBooleansAreReported() {
        FakeEnv env = new FakeEnv("e");
        String optimizer = "Sac.actorOptimizer = AdamTF\nAdam.lr = 0.1\n";
        ConfigBindingException list = assertThrows(ConfigBindingException.class,
                () -> binder(optimizer + "Sac.hiddenSizes = 256").build(Sac.class, Map.of("env", env)));
        assertTrue(list.getMessage().contains("expected a list (List<Integer>) but got NUMBER '256'"), list.getMessage());
        ConfigBindingException element = assertThrows(ConfigBindingException.class,
                () -> binder(optimizer + "Sac.hiddenSizes = [256, wide]").build(Sac.class, Map.of("env", env)));
        assertTrue(element.getMessage().startsWith("Sac.hiddenSizes[1] at "), element.getMessage());
        ConfigBindingException duration = assertThrows(ConfigBindingException.class,
                () -> binder(optimizer + "Sac.evalInterval = soon").build(Sac.class, Map.of("env", env)));
        assertTrue(duration.getMessage().contains("expected a duration"), duration.getMessage());
        ConfigBindingException bool = assertThrows(ConfigBindingException.class,
                () -> binder("AdamTF.amsgrad = 1").build(AdamTF.class));
        assertTrue(bool.getMessage().contains("expected a boolean (true or false) but got NUMBER '1'"), bool.getMessage());
    }

    @Test
    void nullIsAllowedForReferencesAndRejectedForPrimitives() {
        assertNull(binder("Sac { actorOptimizer = null, criticOptimizer = AdamTF }").build(Sac.class, Map.of("env", new FakeEnv("e")))
                .actorOptimizer());
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Adam.lr = null").build(Adam.class));
        assertTrue(e.getMessage().contains("expected double but got NULL"), e.getMessage());
    }

    @Test
    void arraysConvertEachElement() {
        Network network = binder("Network { sizes = [3, 2], scales = [0.25], activation = tanh }").build(Network.class);
        assertArrayEquals(new int[] {3, 2}, network.sizes());
        assertArrayEquals(new double[] {0.25}, network.scales());
        assertEquals("tanh", network.activation());
    }

    @Test
    void nestedObjectOfTheWrongClassIsRejected() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = Network").build(Sac.class, Map.of("env", new FakeEnv("e"))));
        assertTrue(e.getMessage().endsWith(": Network is not an Optimizer; accepted here: Adam, AdamTF"),
                e.getMessage());
    }

    @Test
    void unknownClassNameListsTheRegisteredOnes() {
        ConfigBindingException inline = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = { class = AdamW }"));
        assertTrue(inline.getMessage().startsWith("unknown configurable class 'AdamW' at "), inline.getMessage());
        assertTrue(inline.getMessage().contains(
                "registered classes: Adam, AdamTF, Agent, Buffer, Network, Sac, Trainer"), inline.getMessage());
        ConfigBindingException shortName = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = Adamm").build(Sac.class, Map.of("env", new FakeEnv("e"))));
        assertTrue(shortName.getMessage().contains("registered classes: Adam, AdamTF, Agent, Buffer, Network, Sac, Trainer"
                + "; did you mean 'Adam'?"), shortName.getMessage());
    }

    @Test
    void unknownKeyNamesFileLineAndNearestValidKey() throws IOException {
        Path file = write("typo.conf", "Adam.lr = 1e-3\nAdam {\n  beta1 = 0.9\n  betta2 = 0.99\n}\n");
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> ConfigBinder.load(registry, List.of(file), List.of()));
        assertEquals("unknown key 'Adam.betta2' at " + file.toAbsolutePath() + ":4; did you mean 'Adam.beta2'?",
                e.getMessage());
    }

    @Test
    void misspeltClassOrScopedKeySuggestsTheScopedKey() {
        ConfigBindingException cls = assertThrows(ConfigBindingException.class, () -> binder("Adma.lr = 1"));
        assertTrue(cls.getMessage().endsWith("did you mean 'Adam.lr'?"), cls.getMessage());
        ConfigBindingException scoped = assertThrows(ConfigBindingException.class,
                () -> binder("actor.Adam.lrr = 1"));
        assertTrue(scoped.getMessage().startsWith("unknown key 'actor.Adam.lrr' at String: 1"), scoped.getMessage());
        assertTrue(scoped.getMessage().endsWith("did you mean 'actor.Adam.lr'?"), scoped.getMessage());
        ConfigBindingException loose = assertThrows(ConfigBindingException.class, () -> binder("learningRate = 1"));
        assertTrue(loose.getMessage().startsWith("unknown key 'learningRate'"), loose.getMessage());
    }

    @Test
    void unknownKeyInsideInlineObjectIsReported() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = { class = AdamTF, amsgrd = true }"));
        assertTrue(e.getMessage().startsWith("unknown key 'Sac.actorOptimizer.amsgrd'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean 'Sac.actorOptimizer.amsgrad'?"), e.getMessage());
        ConfigBindingException noClass = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = { lr = 1 }"));
        assertTrue(noClass.getMessage().contains("must name its class as { class = Name, ... }"), noClass.getMessage());
    }

    @Test
    void classKeyMustHoldAnObjectOfParameters() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class, () -> binder("Adam = 3"));
        assertTrue(e.getMessage().contains("must hold its parameters ({ lr, beta1, beta2, eps })"), e.getMessage());
    }

    @Test
    void inoperativeKeysAreReportedAfterConstruction() throws IOException {
        Path file = write("unused.conf", "Adam.lr = 1e-3\nactr.Adam.lr = 2e-3\nAdamTF.lr = 0.1\n");
        ConfigBinder binder = ConfigBinder.load(registry, List.of(file), List.of());
        binder.build(Adam.class, "actor");
        String where = file.toAbsolutePath().toString();
        assertEquals(List.of(new KeyOrigin("AdamTF.lr", where + ":3"), new KeyOrigin("actr.Adam.lr", where + ":2")),
                binder.inoperativeKeys());
        ConfigBindingException e = assertThrows(ConfigBindingException.class, binder::checkAllUsed);
        assertEquals("2 config key(s) set but never used: 'AdamTF.lr' at " + where + ":3, 'actr.Adam.lr' at "
                + where + ":2", e.getMessage());
        binder.build(AdamTF.class);
        binder.build(Adam.class, "actr");
        binder.checkAllUsed();
    }

    @Test
    void callerArgumentsAreChecked() {
        ConfigBinder binder = binder("");
        ConfigBindingException name = assertThrows(ConfigBindingException.class,
                () -> binder.build(Adam.class, Map.of("lrr", 0.1)));
        assertTrue(name.getMessage().endsWith("did you mean 'lr'?"), name.getMessage());
        ConfigBindingException type = assertThrows(ConfigBindingException.class,
                () -> binder.build(Adam.class, Map.of("lr", "fast")));
        assertTrue(type.getMessage().contains("must be a double but is java.lang.String fast"), type.getMessage());
    }

    @Test
    void unregisteredClassesAndClassNamedScopesAreRejected() {
        ConfigBinder binder = binder("");
        ConfigBindingException unregistered = assertThrows(ConfigBindingException.class,
                () -> binder.build(FakeEnv.class));
        assertTrue(unregistered.getMessage().contains("is not registered"), unregistered.getMessage());
        ConfigBindingException scope = assertThrows(ConfigBindingException.class,
                () -> binder.build(AdamTF.class, "Adam"));
        assertTrue(scope.getMessage().contains("uses the class name 'Adam'"), scope.getMessage());
        ConfigBindingException malformed = assertThrows(ConfigBindingException.class,
                () -> binder.build(AdamTF.class, "agent..actor"));
        assertTrue(malformed.getMessage().startsWith("scope 'agent..actor' is not a dotted path"), malformed.getMessage());
        ConfigBindingException inline = assertThrows(ConfigBindingException.class,
                () -> binder("Trainer { batch = 1, optimizers = [{ class = AdamTF, scope = \"a..b\" }] }")
                        .build(Trainer.class));
        assertTrue(inline.getMessage().startsWith("'Trainer.optimizers[0]' at String: 1: scope 'a..b' is not a dotted path"),
                inline.getMessage());
    }

    @Test
    void unresolvableSubstitutionIsReported() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class, () -> binder("Adam.lr = ${missing}"));
        assertTrue(e.getMessage().startsWith("cannot resolve configuration: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void constructorValidationErrorsNameTheClass() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Buffer.capacity = -1").build(Buffer.class));
        assertEquals("cannot build Buffer (" + Buffer.class.getName() + "): capacity must be positive, got -1",
                e.getMessage());
    }

    @Test
    void keysOfParametersTheBuiltObjectIgnoredAreUnusedAndNotOperative() throws IOException {
        Path file = write("agent.conf", """
                Agent {
                  discrete = true
                  actorSizes = [4, 4]
                  actorOptimizer = { class = Adam, lr = 1e-3 }
                  criticOptimizer = { class = AdamTF, lr = 0.1 }
                }
                AdamTF.amsgrad = true
                """);
        ConfigBinder binder = ConfigBinder.load(registry, List.of(file), List.of());
        binder.build(Agent.class);
        String where = file.toAbsolutePath().toString();
        assertEquals(List.of(
                new KeyOrigin("Agent.actorOptimizer", where + ":4; ignored: Agent did not use it: no actor"),
                new KeyOrigin("Agent.actorSizes", where + ":3; ignored: Agent did not use it: no actor")),
                binder.inoperativeKeys());
        ConfigBindingException e = assertThrows(ConfigBindingException.class, binder::checkAllUsed);
        assertTrue(e.getMessage().startsWith("2 config key(s) set but never used: 'Agent.actorOptimizer' at "
                + where + ":4; ignored: Agent did not use it: no actor"), e.getMessage());
        String operative = binder.operativeConfig().toHocon();
        assertTrue(operative.contains("Agent.criticOptimizer = {\"amsgrad\":true,\"class\":\"AdamTF\",\"lr\":0.1}"),
                operative);
        for (String absent : List.of("Agent.actorSizes =", "Agent.actorOptimizer =", "Agent.optimizer =")) {
            assertTrue(!operative.contains(absent), absent + " must not be operative:\n" + operative);
        }
    }

    @Test
    void aDefaultNoPartUsesFailsWhenSetAndAnInlineObjectsKeysAreTrackedToo() {
        ConfigBinder binder = binder("""
                Agent.actorOptimizer = { class = Adam, lr = 1e-3 }
                Agent.criticOptimizer = { class = Adam, lr = 1e-3 }
                Agent.optimizer = { class = Adam, lr = 1 }
                Sac.actorOptimizer = { class = AdamTF, amsgrad = true }
                critic.Adam.lr = 0.5
                """);
        binder.build(Agent.class);
        binder.build(Sac.class, Map.of("env", new FakeEnv("e")));
        List<String> unused = binder.inoperativeKeys().stream().map(KeyOrigin::toString).toList();
        assertEquals(List.of("'Agent.optimizer' at String: 3; ignored: Agent did not use it: every part has its own"),
                unused);
        ConfigBinder earlier = binder("""
                Agent.actorOptimizer = { class = Adam, lr = 1e-3 }
                Agent.criticOptimizer = { class = Adam, lr = 1e-3 }
                Agent.optimizer = { class = Adam, lr = 1 }
                AdamTF.lr = 0.5
                """);
        earlier.build(Agent.class);
        ConfigBindingException stillUnused = assertThrows(ConfigBindingException.class,
                earlier::checkAllUsedExceptIgnored);
        assertEquals("1 config key(s) set but never used: 'AdamTF.lr' at String: 4", stillUnused.getMessage());
        ConfigBinder used = binder("Agent.optimizer = { class = Adam, lr = 1 }");
        assertEquals(new Agent(false, List.of(8), null, null, new Adam(1, 0.9, 0.999, 1e-8)), used.build(Agent.class));
        used.checkAllUsed();
    }

    @Test
    void anInlineObjectOfAClassOfTheWrongKindSaysWhatIsAccepted() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("Sac.actorOptimizer = { class = Adam, lr = 1 }\n"
                        + "Sac.actorOptimizer = { class = Buffer }"));
        assertTrue(e.getMessage().startsWith("'Sac.actorOptimizer' at String: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": Buffer is not an Optimizer; accepted here: Adam, AdamTF"),
                e.getMessage());
    }
}
