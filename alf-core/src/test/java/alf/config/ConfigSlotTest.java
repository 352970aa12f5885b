package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSlotTest {

    /** The interface of the slot. */
    public interface Shape {
        double area();
    }

    /** A registered implementation. */
    @Configurable
    public record Square(double side, @Default("1.0") double scale) implements Shape {
        public Square {
            if (side < 0) {
                throw new IllegalArgumentException("side must not be negative, got " + side);
            }
        }

        @Override
        public double area() {
            return side * side * scale;
        }
    }

    /** An implementation that is not registered: named by its full name. */
    @Configurable
    public record Circle(double radius) implements Shape {
        @Override
        public double area() {
            return Math.PI * radius * radius;
        }
    }

    /** A decorator built around another shape, which code passes. */
    @Configurable
    public record Doubled(Shape inner, @Default("2.0") double factor) implements Shape {
        @Override
        public double area() {
            return factor * inner.area();
        }
    }

    /** Not a shape. */
    @Configurable
    public record Color(String name) {
    }

    private static final ConfigRegistry REGISTRY = ConfigRegistry.of(Square.class, Doubled.class, Color.class)
            .withSlot(new ConfigSlot("shape", Shape.class, "Square", Map.of("decorators", Shape.class)));

    private static ConfigBinder binder(String hocon) {
        return ConfigBinder.create(REGISTRY, ConfigFactory.parseString(hocon));
    }

    @Test
    void buildsTheNamedClassWithCodeArgumentsAndRecordsEveryValue() {
        ConfigBinder binder = binder("shape = { class = Square, side = 3, decorators = [ { class = Doubled } ] }");
        ConfiguredObject<Shape> slot = binder.slot("shape");
        Shape first = slot.build(Map.of("scale", 2.0));
        Shape second = slot.build(Map.of());
        assertNotSame(first, second);
        assertEquals(18.0, first.area());
        assertEquals(9.0, second.area());
        List<ConfiguredObject<?>> decorators = slot.list("decorators");
        Shape doubled = (Shape) decorators.get(0).build(Map.of("inner", second));
        assertEquals(18.0, doubled.area());
        binder.checkAllUsed();
        String operative = binder.operativeConfig().toHocon();
        assertTrue(operative.contains("shape.class = \"Square\""), operative);
        assertTrue(operative.contains("shape.side = 3"), operative);
        assertTrue(operative.contains("shape.decorators = [{\"class\":\"Doubled\",\"factor\":2}]"), operative);
        assertTrue(operative.contains("#   shape.scale"), operative);
        assertTrue(operative.contains("#   shape.decorators.0.inner"), operative);
    }

    @Test
    void anUnsetSlotBuildsItsDefaultClassFromScopedKeys() {
        ConfigBinder binder = binder("Square.side = 2");
        Shape shape = binder.<Shape>slot("shape").build(Map.of());
        assertInstanceOf(Square.class, shape);
        assertEquals(4.0, shape.area());
        binder.checkAllUsed();
    }

    @Test
    void aClassOnTheClassPathIsNamedByItsFullName() {
        ConfigBinder binder = binder("shape = { class = \"" + Circle.class.getName() + "\", radius = 1 }");
        ConfiguredObject<Shape> slot = binder.slot("shape");
        assertEquals(Math.PI, slot.build(Map.of()).area(), 1e-12);
        assertTrue(binder.operativeConfig().toHocon().contains("shape.class = \"" + Circle.class.getName() + "\""));
    }

    @Test
    void wrongTypesUnknownParametersAndUnknownClassesFailWithTheKey() {
        ConfigBindingException notAShape = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = Color, name = red }"));
        assertTrue(notAShape.getMessage().contains("does not implement " + Shape.class.getName()),
                notAShape.getMessage());
        ConfigBindingException unknown = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = Square, sid = 3 }"));
        assertTrue(unknown.getMessage().contains("shape.sid"), unknown.getMessage());
        ConfigBindingException listed = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = Square, side = 1, decorators = [ { class = Doubled, factr = 2 } ] }"));
        assertTrue(listed.getMessage().contains("shape.decorators.0.factr"), listed.getMessage());
        ConfigBindingException missing = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = com.example.NoSuchShape }"));
        assertTrue(missing.getMessage().contains("com.example.NoSuchShape"), missing.getMessage());
        ConfigBindingException notMarked = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = java.lang.String }"));
        assertTrue(notMarked.getMessage().contains("not marked @Configurable"), notMarked.getMessage());
    }

    @Test
    void aClassOfTheWrongKindIsReportedAtItsLineBeforeTheKeysItLacks() {
        ConfigBindingException slot = assertThrows(ConfigBindingException.class,
                () -> binder("shape = {\n  class = Color\n  side = 3\n}"));
        assertEquals("'shape' at String: 2 names Color (" + Color.class.getName() + "), which does not implement "
                + Shape.class.getName() + " (Color is not a Shape; accepted here: Doubled, Square)", slot.getMessage());
        ConfigBindingException listed = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = Square, side = 1,\n  decorators = [ { class = Color, factor = 2 } ] }"));
        assertTrue(listed.getMessage().startsWith("'shape.decorators.0' at String: 2 names Color"), listed.getMessage());
    }

    @Test
    void aMisspeltClassKeySuggestsClass() {
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder("shape = { class = Square, side = 1, clas = Square }"));
        assertTrue(e.getMessage().endsWith("did you mean 'shape.class'?"), e.getMessage());
    }

    @Test
    void aValueTheConstructorRejectsNamesTheSlotAndWhereItsClassWasNamed() {
        ConfigBinder binder = binder("\n\nshape = { class = Square, side = -1 }");
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> binder.slot("shape").build(Map.of()));
        assertTrue(e.getMessage().contains(", configured by shape at String: 3: side must not be negative, got -1.0"),
                e.getMessage());
        ConfigBindingException unset = assertThrows(ConfigBindingException.class,
                () -> binder("Square.side = -2").slot("shape").build(Map.of()));
        assertTrue(unset.getMessage().contains("configured by shape at the default class of the unset slot: side"),
                unset.getMessage());
    }

    @Test
    void aClassKeyShadowedByTheSlotsInlineValueFailsNamingTheKeyThatWon() {
        ConfigBinder binder = binder("shape = { class = Square, side = 3 }\nSquare.side = 4");
        assertEquals(9.0, binder.<Shape>slot("shape").build(Map.of()).area());
        ConfigBindingException e = assertThrows(ConfigBindingException.class, binder::checkAllUsed);
        assertTrue(e.getMessage().contains("'Square.side' at String: 2; shadowed by 'shape.side'"), e.getMessage());
    }
}
