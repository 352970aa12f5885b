package alf.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks every key of a loaded configuration against the registry before anything is built. A key
 * must have the form {@code [scope...].ClassName.param} with a registered class and one of its
 * constructor parameters; inline objects {@code { class = ..., scope = ..., param = ... }} are
 * checked the same way, and so is the object of a top-level {@link ConfigSlot} key, whose class must also implement
 * the slot's type. Returns the settable keys, so the binder can report the unused ones.
 */
final class KeyValidator {

    private final ConfigRegistry registry;
    private final Map<String, ConfigOrigin> settable = new TreeMap<>();

    private KeyValidator(ConfigRegistry registry) {
        this.registry = registry;
    }

    /**
     * Validates {@code root} and returns every {@code [scope.]Class.param} key it sets, sorted,
     * with where each was set.
     *
     * @throws ConfigBindingException at the first unknown key or class name
     */
    static Map<String, ConfigOrigin> validate(ConfigObject root, ConfigRegistry registry) {
        KeyValidator validator = new KeyValidator(registry);
        validator.walkScope(root, List.of());
        return validator.settable;
    }

    private void walkScope(ConfigObject object, List<String> path) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> keyPath = append(path, entry.getKey());
            ConfigValue value = entry.getValue();
            ConfigSlot slot = path.isEmpty() ? registry.slot(entry.getKey()).orElse(null) : null;
            if (slot != null) {
                walkSlot(slot, value, keyPath);
            } else if (registry.contains(entry.getKey())) {
                walkClass(registry.get(entry.getKey(), ""), value, keyPath);
            } else if (value.valueType() == ConfigValueType.OBJECT) {
                walkScope((ConfigObject) value, keyPath);
            } else {
                throw unknownKey(keyPath, value.origin(), scopedCandidates(keyPath));
            }
        }
    }

    private void walkClass(ConfigurableClass described, ConfigValue value, List<String> classPath) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigBindingException("'" + ConfigUtil.joinPath(classPath) + "' at "
                    + Origins.describe(value.origin()) + " names the configurable class "
                    + described.shortName() + ", so it must hold its parameters ({ "
                    + String.join(", ", described.params().keySet()) + " }) but is a "
                    + value.valueType());
        }
        for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) value).entrySet()) {
            List<String> keyPath = append(classPath, entry.getKey());
            if (!described.params().containsKey(entry.getKey())) {
                throw unknownKey(keyPath, entry.getValue().origin(), paramCandidates(classPath, described));
            }
            String key = ConfigUtil.joinPath(keyPath);
            settable.put(key, entry.getValue().origin());
            walkValue(entry.getValue(), keyPath, key, described.params().get(entry.getKey()).type());
        }
    }

    /**
     * Checks nested inline objects inside a parameter value (directly or inside lists) and records
     * their parameters as settable under the key the binder reads them by ({@code key.param},
     * {@code key[i].param}).
     *
     * @param expected the declared type the value must convert to, so an inline object of a class
     *                 that is not one is reported as such rather than by its first foreign key
     */
    private void walkValue(ConfigValue value, List<String> keyPath, String key, Type expected) {
        if (value.valueType() == ConfigValueType.LIST) {
            ConfigList list = (ConfigList) value;
            for (int i = 0; i < list.size(); i++) {
                walkValue(list.get(i), append(keyPath, Integer.toString(i)), key + "[" + i + "]",
                        elementType(expected));
            }
        } else if (value.valueType() == ConfigValueType.OBJECT) {
            walkInline((ConfigObject) value, keyPath, key, expected);
        }
    }

    private void walkSlot(ConfigSlot slot, ConfigValue value, List<String> keyPath) {
        String where = "'" + slot.key() + "' at " + Origins.describe(value.origin());
        if (value.valueType() == ConfigValueType.STRING) {
            checkImplements(registry.get((String) value.unwrapped(), where), slot.type(), where);
        } else if (value.valueType() == ConfigValueType.OBJECT) {
            checkInlineImplements((ConfigObject) value, slot.key(), slot.type());
            walkInline((ConfigObject) value, keyPath, slot.key(), slot.type(), slot.lists());
        } else {
            throw new ConfigBindingException(where + " must name the class to build, as { class = Name, ... } or "
                    + "Name, of a class implementing " + slot.type().getName() + "; got " + value.valueType());
        }
        settable.put(slot.key(), value.origin());
    }

    private void checkImplements(ConfigurableClass described, Class<?> type, String where) {
        if (!type.isAssignableFrom(described.type())) {
            throw new ConfigBindingException(where + " names " + described + ", which does not implement "
                    + type.getName() + " (" + registry.notA(described, type) + ")");
        }
    }

    /**
     * Checks, before any of its keys, that the class an inline object under {@code key} names implements {@code type},
     * reporting the line of its {@code class = ...} (a merged object's own origin lists every file it came from).
     */
    private void checkInlineImplements(ConfigObject object, String key, Class<?> type) {
        ConfigValue classValue = object.get(ConfigurableClass.CLASS_KEY);
        if (classValue != null && classValue.valueType() == ConfigValueType.STRING) {
            String where = "'" + key + "' at " + Origins.describe(classValue.origin());
            checkImplements(registry.get((String) classValue.unwrapped(), where), type, where);
        }
    }

    private void walkInline(ConfigObject object, List<String> keyPath, String key, Type expected) {
        walkInline(object, keyPath, key, expected, Map.of());
    }

    /**
     * Checks an inline object read under {@code key}, whose {@code lists} keys hold lists of objects of the given
     * types (a slot's object lists, such as an environment's wrappers). The class it names must be an
     * {@code expected}, checked before its keys so that a class of the wrong kind is reported as such.
     */
    private void walkInline(ConfigObject object, List<String> keyPath, String key, Type expected,
                                         Map<String, Class<?>> lists) {
        String where = "'" + key + "' at " + Origins.describe(object.origin());
        ConfigValue classValue = object.get(ConfigurableClass.CLASS_KEY);
        if (classValue == null || classValue.valueType() != ConfigValueType.STRING) {
            throw new ConfigBindingException(where + " is an object, so it must name its class as "
                    + "{ class = Name, ... }; registered classes: "
                    + String.join(", ", registry.classes().stream().map(ConfigurableClass::shortName).toList()));
        }
        ConfigurableClass described = registry.get((String) classValue.unwrapped(),
                Origins.describe(classValue.origin()));
        Class<?> expectedClass = rawClass(expected);
        if (!expectedClass.isAssignableFrom(described.type())) {
            throw new ConfigBindingException("'" + key + "' at " + Origins.describe(classValue.origin()) + ": "
                    + registry.notA(described, expectedClass));
        }
        ConfigValue scopeValue = object.get(ConfigurableClass.SCOPE_KEY);
        if (scopeValue != null && scopeValue.valueType() != ConfigValueType.STRING) {
            throw new ConfigBindingException(where + ": 'scope' must be a string such as actor, got "
                    + scopeValue.valueType());
        }
        if (scopeValue != null) {
            try {
                Scope.parse((String) scopeValue.unwrapped());
            } catch (ConfigBindingException e) {
                throw new ConfigBindingException(where + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String name = entry.getKey();
            if (name.equals(ConfigurableClass.CLASS_KEY) || name.equals(ConfigurableClass.SCOPE_KEY)) {
                continue;
            }
            List<String> innerPath = append(keyPath, name);
            if (lists.containsKey(name)) {
                walkObjectList(entry.getValue(), innerPath, lists.get(name));
                continue;
            }
            if (!described.params().containsKey(name)) {
                List<String> candidates = paramCandidates(keyPath, described);
                candidates.add(ConfigUtil.joinPath(append(keyPath, ConfigurableClass.CLASS_KEY)));
                candidates.add(ConfigUtil.joinPath(append(keyPath, ConfigurableClass.SCOPE_KEY)));
                candidates.addAll(lists.keySet().stream().map(list -> ConfigUtil.joinPath(append(keyPath, list)))
                        .toList());
                throw unknownKey(innerPath, entry.getValue().origin(), candidates);
            }
            String innerKey = key + "." + name;
            settable.put(innerKey, entry.getValue().origin());
            walkValue(entry.getValue(), innerPath, innerKey, described.params().get(name).type());
        }
    }

    private void walkObjectList(ConfigValue value, List<String> keyPath, Class<?> type) {
        String where = "'" + ConfigUtil.joinPath(keyPath) + "' at " + Origins.describe(value.origin());
        if (value.valueType() != ConfigValueType.LIST) {
            throw new ConfigBindingException(where + " must be a list of { class = Name, ... } objects of classes "
                    + "implementing " + type.getName() + "; got " + value.valueType());
        }
        ConfigList list = (ConfigList) value;
        for (int i = 0; i < list.size(); i++) {
            List<String> elementPath = append(keyPath, Integer.toString(i));
            ConfigValue element = list.get(i);
            String elementWhere = "'" + ConfigUtil.joinPath(elementPath) + "' at " + Origins.describe(element.origin());
            if (element.valueType() == ConfigValueType.STRING) {
                checkImplements(registry.get((String) element.unwrapped(), elementWhere), type, elementWhere);
            } else if (element.valueType() == ConfigValueType.OBJECT) {
                checkInlineImplements((ConfigObject) element, ConfigUtil.joinPath(elementPath), type);
                walkInline((ConfigObject) element, elementPath, ConfigUtil.joinPath(elementPath), type, Map.of());
            } else {
                throw new ConfigBindingException(elementWhere + " must be { class = Name, ... } or Name; got "
                        + element.valueType());
            }
        }
    }

    /** The element type of a list or array type; {@code Object} when it cannot be told. */
    private static Type elementType(Type type) {
        if (type instanceof ParameterizedType p && Collection.class.isAssignableFrom(rawClass(p))) {
            return p.getActualTypeArguments()[0];
        }
        if (type instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        return Object.class;
    }

    /** The class a value of {@code type} must be an instance of ({@code Object} for type variables). */
    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c.isPrimitive() ? Object.class : c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** Valid keys {@code prefix.Name.param} for every registered class and every prefix of the path. */
    private List<String> scopedCandidates(List<String> keyPath) {
        List<String> candidates = new ArrayList<>();
        for (int length = 0; length < keyPath.size(); length++) {
            for (ConfigurableClass described : registry.classes()) {
                candidates.addAll(paramCandidates(append(keyPath.subList(0, length), described.shortName()),
                        described));
            }
        }
        return candidates;
    }

    private static List<String> paramCandidates(List<String> classPath, ConfigurableClass described) {
        List<String> candidates = new ArrayList<>();
        for (String param : described.params().keySet()) {
            candidates.add(ConfigUtil.joinPath(append(classPath, param)));
        }
        return candidates;
    }

    private static ConfigBindingException unknownKey(List<String> keyPath, ConfigOrigin origin,
                                                     List<String> candidates) {
        String key = ConfigUtil.joinPath(keyPath);
        String suggestion = NearestName.nearest(key, candidates)
                .map(n -> "; did you mean '" + n + "'?")
                .orElse("; no registered class has parameters to set here");
        return new ConfigBindingException("unknown key '" + key + "' at " + Origins.describe(origin) + suggestion);
    }

    private static List<String> append(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path);
        longer.add(name);
        return longer;
    }
}
