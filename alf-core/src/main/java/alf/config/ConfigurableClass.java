package alf.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the binder knows about one {@link Configurable} class: its short name, the constructor it
 * calls, and that constructor's parameters by name. Built once per class by {@link #of(Class)}.
 */
public final class ConfigurableClass {

    /** Keys with a fixed meaning inside an inline object {@code { class = ..., scope = ... }}. */
    static final String CLASS_KEY = "class";
    static final String SCOPE_KEY = "scope";

    private final Class<?> type;
    private final String shortName;
    private final Constructor<?> constructor;
    private final Map<String, ConfigurableParam> params;

    private ConfigurableClass(Class<?> type, String shortName, Constructor<?> constructor,
                              Map<String, ConfigurableParam> params) {
        this.type = type;
        this.shortName = shortName;
        this.constructor = constructor;
        this.params = params;
    }

    /**
     * Introspects {@code type}: finds the bound constructor, the parameter names ({@link Param} or
     * compiled names) and parses every {@link Default}.
     *
     * @throws ConfigBindingException if the class is not configurable or cannot be bound
     */
    public static ConfigurableClass of(Class<?> type) {
        Constructor<?> constructor = boundConstructor(type);
        Configurable marker = type.getAnnotation(Configurable.class);
        if (marker == null) {
            marker = constructor.getAnnotation(Configurable.class);
        }
        String shortName = marker.name().isEmpty() ? type.getSimpleName() : marker.name();
        if (!isIdentifier(shortName)) {
            throw new ConfigBindingException("configurable class " + type.getName()
                    + " has short name '" + shortName + "', which is not a Java identifier");
        }
        Map<String, ConfigurableParam> params = new LinkedHashMap<>();
        Parameter[] parameters = constructor.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            String name = parameterName(type, parameter);
            if (name.equals(CLASS_KEY) || name.equals(SCOPE_KEY)) {
                throw new ConfigBindingException("parameter '" + name + "' of " + type.getName()
                        + " uses a reserved key name; rename it with @Param");
            }
            if (params.containsKey(name)) {
                throw new ConfigBindingException("two parameters of " + type.getName()
                        + " are both named '" + name + "'");
            }
            params.put(name, new ConfigurableParam(name, i, parameter.getParameterizedType(),
                    parseDefault(type, shortName, name, parameter.getAnnotation(Default.class))));
        }
        constructor.setAccessible(true);
        return new ConfigurableClass(type, shortName, constructor, Collections.unmodifiableMap(params));
    }

    /** The class this describes. */
    public Class<?> type() {
        return type;
    }

    /** The name used in keys ({@code Adam.lr}) and in {@code class = Adam}. */
    public String shortName() {
        return shortName;
    }

    /** The bound constructor's parameters by name, in declaration order. */
    public Map<String, ConfigurableParam> params() {
        return params;
    }

    /**
     * Calls the bound constructor with arguments in parameter order.
     *
     * @param configuredAt the key and the file and line that configured this object ({@code environment at
     *                     configs/x.conf:5}), named when the constructor rejects a value; empty when unknown
     */
    Object construct(Object[] arguments, String configuredAt) {
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid && !(cause instanceof ConfigBindingException)) {
                throw new ConfigBindingException("cannot build " + this
                        + (configuredAt.isEmpty() ? "" : ", configured by " + configuredAt) + ": "
                        + invalid.getMessage(), invalid);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ConfigBindingException("constructor of " + type.getName() + " failed: " + cause, cause);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new ConfigBindingException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static Constructor<?> boundConstructor(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigBindingException(type.getName() + " is abstract; only concrete classes are configurable");
        }
        List<Constructor<?>> marked = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.isAnnotationPresent(Configurable.class)) {
                marked.add(c);
            }
        }
        if (marked.size() > 1) {
            throw new ConfigBindingException(type.getName() + " has " + marked.size()
                    + " constructors marked @Configurable; mark exactly one");
        }
        if (marked.size() == 1) {
            return marked.get(0);
        }
        if (!type.isAnnotationPresent(Configurable.class)) {
            throw new ConfigBindingException(type.getName()
                    + " is not configurable: mark the class or one constructor with @Configurable");
        }
        if (type.isRecord()) {
            Class<?>[] componentTypes = Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return type.getDeclaredConstructor(componentTypes);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record without canonical constructor: " + type.getName(), e);
            }
        }
        Constructor<?>[] publicConstructors = type.getConstructors();
        if (publicConstructors.length != 1) {
            throw new ConfigBindingException(type.getName() + " has " + publicConstructors.length
                    + " public constructors; mark the one to bind with @Configurable");
        }
        return publicConstructors[0];
    }

    private static String parameterName(Class<?> type, Parameter parameter) {
        Param named = parameter.getAnnotation(Param.class);
        if (named != null) {
            if (!isIdentifier(named.value())) {
                throw new ConfigBindingException("@Param(\"" + named.value() + "\") on a parameter of "
                        + type.getName() + " is not a Java identifier");
            }
            return named.value();
        }
        if (!parameter.isNamePresent()) {
            throw new ConfigBindingException("parameter names of " + type.getName()
                    + " are not in the class file: compile with -parameters or annotate with @Param");
        }
        return parameter.getName();
    }

    private static ConfigValue parseDefault(Class<?> type, String shortName, String name, Default annotation) {
        if (annotation == null) {
            return null;
        }
        String where = "@Default of " + shortName + "." + name + " (" + type.getName() + ")";
        try {
            return ConfigFactory.parseString("v = " + annotation.value(),
                    ConfigParseOptions.defaults().setOriginDescription(where)).resolve().root().get("v");
        } catch (ConfigException e) {
            throw new ConfigBindingException(where + " is not a HOCON value: '" + annotation.value()
                    + "' (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    @Override
    public String toString() {
        return shortName + " (" + type.getName() + ")";
    }
}
