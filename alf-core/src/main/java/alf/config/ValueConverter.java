package alf.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Converts a HOCON value to a constructor parameter's declared type: primitives and their boxes,
 * {@code String}, enums (names matched case-insensitively), {@link Duration} (HOCON duration
 * syntax, bare numbers are milliseconds), {@code List<T>}, arrays, and configurable objects given
 * as {@code { class = Name, ... }} or as a registered short name, which are built through the
 * binder. Errors name the key, where it was set, the expected type and the value received.
 */
final class ValueConverter {

    /** Builds a nested configurable object; implemented by the binder. */
    interface NestedBuilder {
        BoundValue build(ConfigurableClass described, Scope scope, ConfigObject inline, String key);
    }

    private final ConfigRegistry registry;
    private final NestedBuilder nestedBuilder;

    ValueConverter(ConfigRegistry registry, NestedBuilder nestedBuilder) {
        this.registry = registry;
        this.nestedBuilder = nestedBuilder;
    }

    /**
     * Converts {@code value} to {@code type}.
     *
     * @param key   the key the value was read from, for messages
     * @param scope the scope nested objects are built in
     */
    BoundValue convert(ConfigValue value, Type type, String key, Scope scope) {
        Class<?> raw = rawClass(type, key);
        if (value.valueType() == ConfigValueType.NULL) {
            if (raw.isPrimitive()) {
                throw wrongType(key, value, describe(type));
            }
            return new BoundValue(null, value);
        }
        if (raw == int.class || raw == Integer.class) {
            return new BoundValue((int) integral(value, key, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"), value);
        }
        if (raw == long.class || raw == Long.class) {
            return new BoundValue(integral(value, key, Long.MIN_VALUE, Long.MAX_VALUE, "long"), value);
        }
        if (raw == double.class || raw == Double.class) {
            return new BoundValue(number(value, key, "double").doubleValue(), value);
        }
        if (raw == float.class || raw == Float.class) {
            double d = number(value, key, "float").doubleValue();
            if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                throw wrongType(key, value, "a number within float range");
            }
            return new BoundValue((float) d, value);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (value.valueType() != ConfigValueType.BOOLEAN) {
                throw wrongType(key, value, "a boolean (true or false)");
            }
            return new BoundValue(value.unwrapped(), value);
        }
        if (raw == String.class) {
            if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
                throw wrongType(key, value, "a string");
            }
            // Typesafe's getString keeps a number's original text ("1.0" stays "1.0").
            String text = ConfigFactory.empty().withValue("v", value).getString("v");
            return new BoundValue(text, ConfigValueFactory.fromAnyRef(text));
        }
        if (raw.isEnum()) {
            return new BoundValue(enumConstant(value, raw, key), value);
        }
        if (raw == Duration.class) {
            return new BoundValue(duration(value, key), value);
        }
        if (raw == List.class || raw == Collection.class) {
            return list(value, elementType(type, key), key, scope, type);
        }
        if (raw.isArray()) {
            return array(value, raw.getComponentType(), type, key, scope);
        }
        return nested(value, raw, key, scope);
    }

    private long integral(ConfigValue value, String key, long min, long max, String javaType) {
        Number n = number(value, key, javaType);
        String expected = "an integer (" + javaType + ")";
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || d < min || d > max) {
                throw wrongType(key, value, expected);
            }
            return (long) d;
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw wrongType(key, value, expected + " in [" + min + ", " + max + "]");
        }
        return l;
    }

    private Number number(ConfigValue value, String key, String javaType) {
        if (value.valueType() != ConfigValueType.NUMBER) {
            String expected = javaType.equals("int") || javaType.equals("long")
                    ? "an integer (" + javaType + ")" : "a number (" + javaType + ")";
            throw wrongType(key, value, expected);
        }
        return (Number) value.unwrapped();
    }

    private static Object enumConstant(ConfigValue value, Class<?> enumType, String key) {
        List<String> names = Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        String expected = "one of " + names + " (" + enumType.getSimpleName() + ")";
        if (value.valueType() != ConfigValueType.STRING) {
            throw wrongType(key, value, expected);
        }
        String given = ((String) value.unwrapped()).toUpperCase(Locale.ROOT);
        for (Object constant : enumType.getEnumConstants()) {
            if (((Enum<?>) constant).name().toUpperCase(Locale.ROOT).equals(given)) {
                return constant;
            }
        }
        throw wrongType(key, value, expected);
    }

    private static Duration duration(ConfigValue value, String key) {
        String expected = "a duration such as 10s, 500ms or 2 minutes (Duration)";
        if (value.valueType() != ConfigValueType.STRING && value.valueType() != ConfigValueType.NUMBER) {
            throw wrongType(key, value, expected);
        }
        try {
            return ConfigFactory.empty().withValue("v", value).getDuration("v");
        } catch (ConfigException e) {
            throw wrongType(key, value, expected);
        }
    }

    private BoundValue list(ConfigValue value, Type elementType, String key, Scope scope, Type listType) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw wrongType(key, value, "a list (" + describe(listType) + ")");
        }
        ConfigList list = (ConfigList) value;
        List<Object> values = new ArrayList<>();
        List<ConfigValue> operative = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            BoundValue element = convert(list.get(i), elementType, key + "[" + i + "]", scope);
            values.add(element.value());
            operative.add(element.operative());
        }
        return new BoundValue(Collections.unmodifiableList(values), ConfigValueFactory.fromIterable(operative));
    }

    private BoundValue array(ConfigValue value, Class<?> component, Type arrayType, String key, Scope scope) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw wrongType(key, value, "a list (" + describe(arrayType) + ")");
        }
        Type componentType = arrayType instanceof GenericArrayType generic
                ? generic.getGenericComponentType() : component;
        ConfigList list = (ConfigList) value;
        Object array = Array.newInstance(component, list.size());
        List<ConfigValue> operative = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            BoundValue element = convert(list.get(i), componentType, key + "[" + i + "]", scope);
            if (element.value() == null && component.isPrimitive()) {
                throw wrongType(key + "[" + i + "]", list.get(i), describe(component));
            }
            Array.set(array, i, element.value());
            operative.add(element.operative());
        }
        return new BoundValue(array, ConfigValueFactory.fromIterable(operative));
    }

    private BoundValue nested(ConfigValue value, Class<?> expectedType, String key, Scope scope) {
        String expected = "a configurable object ({ class = Name, ... } or a registered class name) of type "
                + expectedType.getSimpleName();
        ConfigurableClass described;
        Scope nestedScope = scope;
        ConfigObject inline = null;
        if (value.valueType() == ConfigValueType.STRING) {
            described = registry.get((String) value.unwrapped(), key + " at " + Origins.describe(value.origin()));
        } else if (value.valueType() == ConfigValueType.OBJECT) {
            inline = (ConfigObject) value;
            ConfigValue className = inline.get(ConfigurableClass.CLASS_KEY);
            if (className == null || className.valueType() != ConfigValueType.STRING) {
                throw wrongType(key, value, expected);
            }
            described = registry.get((String) className.unwrapped(),
                    key + ".class at " + Origins.describe(className.origin()));
            ConfigValue scopeValue = inline.get(ConfigurableClass.SCOPE_KEY);
            if (scopeValue != null) {
                nestedScope = scope.resolve(Scope.parse((String) scopeValue.unwrapped()));
            }
        } else {
            throw wrongType(key, value, expected);
        }
        if (!expectedType.isAssignableFrom(described.type())) {
            throw new ConfigBindingException(key + " at " + Origins.describe(value.origin()) + ": "
                    + registry.notA(described, expectedType));
        }
        return nestedBuilder.build(described, nestedScope, inline, key);
    }

    private static Class<?> rawClass(Type type, String key) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0], key);
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(rawClass(g.getGenericComponentType(), key), 0).getClass();
        }
        throw new ConfigBindingException(key + ": parameter type " + type.getTypeName()
                + " cannot be set from configuration; pass it from code");
    }

    private static Type elementType(Type listType, String key) {
        if (listType instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        throw new ConfigBindingException(key + ": raw type " + listType.getTypeName()
                + " has no element type; declare it as List<T>");
    }

    private static String describe(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName().replaceAll("[\\w$]+\\.", "");
    }

    static ConfigBindingException wrongType(String key, ConfigValue value, String expected) {
        return new ConfigBindingException(key + " at " + Origins.describe(value.origin()) + ": expected "
                + expected + " but got " + value.valueType() + " "
                + "'" + value.render(ConfigRenderOptions.concise().setJson(false)) + "'");
    }
}
