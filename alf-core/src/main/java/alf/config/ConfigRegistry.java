package alf.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configurable classes an experiment may name, by short name. Registration is explicit and the
 * registry is immutable: {@code ConfigRegistry.of(Sac.class, Adam.class).with(AdamTF.class)}.
 * Only registered names are recognised in keys ({@code Adam.lr}) and in {@code class = Adam}, which
 * is what lets every key in a file be checked against a real constructor parameter. A class that is not
 * registered may still be named by its fully qualified name in {@code class = com.example.MyTask} if it is on the
 * class path and marked {@link Configurable}. The registry also declares the {@link ConfigSlot}s: top-level keys
 * such as {@code algorithm} whose value names the class to build.
 */
public final class ConfigRegistry {

    private final Map<String, ConfigurableClass> byName;
    private final Map<String, ConfigSlot> slots;

    private ConfigRegistry(Map<String, ConfigurableClass> byName, Map<String, ConfigSlot> slots) {
        this.byName = Collections.unmodifiableMap(byName);
        this.slots = Collections.unmodifiableMap(slots);
    }

    /** A registry of the given {@link Configurable} classes. */
    public static ConfigRegistry of(Class<?>... classes) {
        return new ConfigRegistry(new TreeMap<>(), new TreeMap<>()).with(classes);
    }

    /**
     * A new registry holding this one's classes and slots plus {@code slot}, whose key must not be a class name.
     */
    public ConfigRegistry withSlot(ConfigSlot slot) {
        if (byName.containsKey(slot.key())) {
            throw new ConfigBindingException("slot key '" + slot.key() + "' is the short name of a class");
        }
        Map<String, ConfigSlot> next = new TreeMap<>(slots);
        next.put(slot.key(), slot);
        return new ConfigRegistry(byName, next);
    }

    /** The slot declared under the top-level key {@code key}, if any. */
    public Optional<ConfigSlot> slot(String key) {
        return Optional.ofNullable(slots.get(key));
    }

    /**
     * A new registry holding this one's classes plus {@code classes}. Registering a class twice is
     * harmless; two different classes with one short name are an error.
     */
    public ConfigRegistry with(Class<?>... classes) {
        Map<String, ConfigurableClass> next = new TreeMap<>(byName);
        for (Class<?> type : classes) {
            ConfigurableClass described = ConfigurableClass.of(type);
            ConfigurableClass previous = next.get(described.shortName());
            if (previous != null && previous.type() != type) {
                throw new ConfigBindingException("short name '" + described.shortName() + "' is taken by "
                        + previous.type().getName() + "; give " + type.getName()
                        + " another with @Configurable(name = \"...\")");
            }
            if (slots.containsKey(described.shortName())) {
                throw new ConfigBindingException("short name '" + described.shortName() + "' of " + type.getName()
                        + " is a slot key; give the class another with @Configurable(name = \"...\")");
            }
            if (previous == null) {
                next.put(described.shortName(), described);
            }
        }
        return new ConfigRegistry(next, slots);
    }

    /** Whether {@code shortName} names a registered class. */
    public boolean contains(String shortName) {
        return byName.containsKey(shortName);
    }

    /** The registered class with this short name, if any. */
    public Optional<ConfigurableClass> find(String shortName) {
        return Optional.ofNullable(byName.get(shortName));
    }

    /**
     * The registered class with this short name.
     *
     * @param where where the name was written, for the error message
     * @throws ConfigBindingException listing the registered names if there is none
     */
    public ConfigurableClass get(String shortName, String where) {
        ConfigurableClass found = byName.get(shortName);
        if (found == null && shortName.contains(".")) {
            return onClassPath(shortName, where);
        }
        if (found == null) {
            String suggestion = NearestName.nearest(shortName, byName.keySet())
                    .map(n -> "; did you mean '" + n + "'?").orElse("");
            throw new ConfigBindingException("unknown configurable class '" + shortName + "' at " + where
                    + "; registered classes: " + String.join(", ", byName.keySet()) + suggestion);
        }
        return found;
    }

    /**
     * The name to write in {@code class = ...} for {@code described}: its short name when registered, else its fully
     * qualified name (so that an operative configuration naming a user's class can be loaded again).
     */
    public String nameOf(ConfigurableClass described) {
        ConfigurableClass registered = byName.get(described.shortName());
        return registered != null && registered.type() == described.type()
                ? described.shortName() : described.type().getName();
    }

    private static ConfigurableClass onClassPath(String className, String where) {
        Class<?> type;
        try {
            type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigBindingException("class '" + className + "' at " + where
                    + " is neither a registered short name nor a class on the class path");
        }
        boolean marked = type.isAnnotationPresent(Configurable.class);
        for (var constructor : type.getConstructors()) {
            marked |= constructor.isAnnotationPresent(Configurable.class);
        }
        if (!marked) {
            throw new ConfigBindingException("class '" + className + "' at " + where
                    + " is not marked @Configurable, so it cannot be built from configuration");
        }
        return ConfigurableClass.of(type);
    }

    /** The registered description of {@code type}. */
    public ConfigurableClass get(Class<?> type) {
        for (ConfigurableClass described : byName.values()) {
            if (described.type() == type) {
                return described;
            }
        }
        throw new ConfigBindingException(type.getName() + " is not registered; registered classes: "
                + String.join(", ", byName.keySet()));
    }

    /**
     * {@code "TrainerConfig is not an Optimizer; accepted here: Adam, AdamTF"}: the message for a class named
     * where a value of {@code expected} is needed, listing the registered classes that would fit.
     */
    String notA(ConfigurableClass described, Class<?> expected) {
        String kind = expected.getSimpleName();
        List<String> accepted = classes().stream().filter(c -> expected.isAssignableFrom(c.type()))
                .map(ConfigurableClass::shortName).toList();
        String article = !kind.isEmpty() && "AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
        return described.shortName() + " is not " + article + kind + "; accepted here: "
                + (accepted.isEmpty() ? "no registered class" : String.join(", ", accepted));
    }

    /** All registered classes, sorted by short name. */
    public List<ConfigurableClass> classes() {
        return List.copyOf(byName.values());
    }
}
