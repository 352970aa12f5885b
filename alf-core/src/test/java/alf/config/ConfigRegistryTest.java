package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigRegistryTest {

    /** A second class whose simple name is Adam. */
    static final class Other {
        @Configurable
        record Adam(double lr) {
        }

        @Configurable(name = "AdamV2")
        record Renamed(double lr) {
        }
    }

    @Configurable
    record Reserved(int scope) {
    }

    @Configurable
    record Renamed(@Param("window") int scope, @Default("[1, 2") int bad) {
    }

    @Configurable
    static final class TwoConstructors {
        public TwoConstructors(int a) {
        }

        public TwoConstructors(String b) {
        }
    }

    static final class NotConfigurable {
        public NotConfigurable(int a) {
        }
    }

    @Test
    void namesComeFromCompiledParametersOrParamAndDefaultsAreParsed() {
        ConfigurableClass sac = ConfigurableClass.of(Fixtures.Sac.class);
        assertEquals("Sac", sac.shortName());
        assertEquals(List.of("env", "actorOptimizer", "criticOptimizer", "actorNetwork", "gamma", "tau",
                "hiddenSizes", "mode", "evalInterval", "numSteps", "seed", "runName"),
                List.copyOf(sac.params().keySet()));
        assertEquals(5, sac.params().get("tau").index());
        assertEquals(0.005, ((Number) sac.params().get("tau").defaultValue().unwrapped()).doubleValue());
        assertTrue(!sac.params().get("env").hasDefault());
        ConfigurableClass trainer = ConfigurableClass.of(Fixtures.Trainer.class);
        assertEquals(List.of("batch", "optimizers"), List.copyOf(trainer.params().keySet()));
    }

    @Test
    void shortNameMayBeOverridden() {
        ConfigRegistry registry = ConfigRegistry.of(Other.Renamed.class);
        assertTrue(registry.contains("AdamV2"));
        assertEquals(Other.Renamed.class, registry.get("AdamV2", "test").type());
    }

    @Test
    void twoClassesWithOneShortNameAreRejected() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> ConfigRegistry.of(Fixtures.Adam.class, Other.Adam.class));
        assertTrue(e.getMessage().startsWith("short name 'Adam' is taken by " + Fixtures.Adam.class.getName()),
                e.getMessage());
        assertEquals(1, ConfigRegistry.of(Fixtures.Adam.class, Fixtures.Adam.class).classes().size());
    }

    @Test
    void unknownShortNameListsTheRegisteredOnes() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> Fixtures.registry().get("Adan", "x.conf:3"));
        assertEquals("unknown configurable class 'Adan' at x.conf:3; registered classes: "
                + "Adam, AdamTF, Agent, Buffer, Network, Sac, Trainer; did you mean 'Adam'?", e.getMessage());
    }

    @Test
    void classesThatCannotBeBoundAreRejectedAtRegistration() {
        assertTrue(assertThrows(ConfigBindingException.class, () -> ConfigRegistry.of(Reserved.class))
                .getMessage().contains("parameter 'scope' of " + Reserved.class.getName() + " uses a reserved key name"));
        assertTrue(assertThrows(ConfigBindingException.class, () -> ConfigRegistry.of(Renamed.class))
                .getMessage().startsWith("@Default of Renamed.bad"));
        assertTrue(assertThrows(ConfigBindingException.class, () -> ConfigRegistry.of(TwoConstructors.class))
                .getMessage().contains("has 2 public constructors; mark the one to bind with @Configurable"));
        assertTrue(assertThrows(ConfigBindingException.class, () -> ConfigRegistry.of(NotConfigurable.class))
                .getMessage().contains("is not configurable"));
        assertTrue(assertThrows(ConfigBindingException.class, () -> ConfigRegistry.of(Fixtures.Optimizer.class))
                .getMessage().contains("is abstract"));
    }
}
