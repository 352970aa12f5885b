package alf.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds {@link Configurable} objects from a loaded configuration, the way gin binds functions.
 *
 * <p>Each constructor parameter {@code p} of a class registered as {@code N}, built in scope
 * {@code S}, takes the first of: the value the caller passes; the value inside the inline object
 * that names the class ({@code { class = N, p = ... }}); the most specific key set among
 * {@code S.N.p}, its shorter scopes, and {@code N.p}; the parameter's {@link Default}. With none of
 * these the build fails naming the keys that could have been set.
 *
 * <p>Creating a binder checks every key against the registry (unknown keys fail with file, line and
 * the nearest valid key). After building, {@link #inoperativeKeys()} lists keys never read and
 * {@link #checkAllUsed()} fails on them; {@link #operativeConfig()} holds every value used,
 * defaults included. A binder records what it built, so it is not thread-safe.
 */
public final class ConfigBinder {

    private final ConfigRegistry registry;
    private final ConfigObject root;
    private final Map<String, ConfigOrigin> settableKeys;
    private final Set<String> usedKeys = new HashSet<>();
    /** Why a key was not used, for keys of parameters that the built object reported as ignored. */
    private final Map<String, String> ignoredReasons = new TreeMap<>();
    /** Scoped keys ({@code SacAlgorithm.gamma}) not read because an inline object's value won, with that key. */
    private final Map<String, String> shadowedBy = new TreeMap<>();
    /** Collects the keys read while one parameter's value is converted (nested builds add theirs). */
    private Set<String> pendingReads = new HashSet<>();
    private final TreeMap<String, ConfigValue> operativeValues = new TreeMap<>();
    private final TreeSet<String> codeSuppliedKeys = new TreeSet<>();
    private final ValueConverter converter;

    private ConfigBinder(ConfigRegistry registry, Config config) {
        this.registry = registry;
        try {
            this.root = (config.isResolved() ? config : config.resolve()).root();
        } catch (ConfigException e) {
            throw new ConfigBindingException("cannot resolve configuration: " + e.getMessage(), e);
        }
        this.settableKeys = KeyValidator.validate(root, registry);
        this.converter = new ValueConverter(registry, this::buildNested);
    }

    /**
     * A binder for {@code config}, whose keys are checked against {@code registry} now.
     *
     * @throws ConfigBindingException naming the first unknown key or class, with file and line
     */
    public static ConfigBinder create(ConfigRegistry registry, Config config) {
        return new ConfigBinder(registry, config);
    }

    /** A binder for the given files (later ones win) and {@code Key=Value} overrides (which win over files). */
    public static ConfigBinder load(ConfigRegistry registry, List<Path> files, List<String> params) {
        return new ConfigBinder(registry, ConfigSources.load(files, params));
    }

    /** Builds {@code type} in the root scope with every argument from the configuration. */
    public <T> T build(Class<T> type) {
        return build(type, "", Map.of());
    }

    /** Builds {@code type} in a dotted scope such as {@code "actor"}. */
    public <T> T build(Class<T> type, String scope) {
        return build(type, scope, Map.of());
    }

    /** Builds {@code type} in the root scope; {@code args} supplies values only code can (by parameter name). */
    public <T> T build(Class<T> type, Map<String, ?> args) {
        return build(type, "", args);
    }

    /**
     * Builds {@code type} in {@code scope}, taking the parameters named in {@code args} from it and
     * the rest from the configuration.
     *
     * @throws ConfigBindingException for a missing value, a value of the wrong type, an unknown
     *                                class name, or an argument name that is not a parameter
     */
    public <T> T build(Class<T> type, String scope, Map<String, ?> args) {
        ConfigurableClass described = registry.get(type);
        Scope parsed = checkedScope(scope);
        for (Map.Entry<String, ?> arg : args.entrySet()) {
            checkCallerArgument(described, arg.getKey(), arg.getValue());
        }
        Map<String, ConfigValue> used = new LinkedHashMap<>();
        Object instance = instantiate(described, parsed, null, args, used, "", usedKeys, "");
        for (Map.Entry<String, ConfigValue> entry : used.entrySet()) {
            operativeValues.put(keyOf(parsed, described, entry.getKey()), entry.getValue());
        }
        for (String name : args.keySet()) {
            codeSuppliedKeys.add(keyOf(parsed, described, name));
        }
        return type.cast(instance);
    }

    /**
     * The class configured under the top-level slot key {@code key} (declared in the registry) with its parameters,
     * ready to be built; the slot's default class when the key is not set, which then reads {@code Name.param} keys.
     * Its object lists are filled from the configuration too.
     *
     * @throws ConfigBindingException if {@code key} is not a declared slot
     */
    public <T> ConfiguredObject<T> slot(String key) {
        ConfigSlot slot = registry.slot(key).orElseThrow(() -> new ConfigBindingException("'" + key
                + "' is not a declared slot key"));
        ConfigValue value = root.get(key);
        usedKeys.add(key);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) slot.type();
        ConfiguredObject<T> object = configured(type, value == null
                ? ConfigValueFactory.fromAnyRef(slot.defaultClass(), "the default class of the unset slot")
                : value, key, slot.lists(),
                done -> record(key, done));
        if (value != null && value.valueType() == ConfigValueType.OBJECT) {
            ConfigObject inline = (ConfigObject) value;
            for (Map.Entry<String, Class<?>> list : slot.lists().entrySet()) {
                object.list(list.getKey());
                ConfigValue elements = inline.get(list.getKey());
                if (elements == null) {
                    continue;
                }
                ConfigList listed = (ConfigList) elements; // KeyValidator checked it is a list
                for (int i = 0; i < listed.size(); i++) {
                    object.addToList(list.getKey(), configured(list.getValue(), listed.get(i),
                            key + "." + list.getKey() + "." + i, Map.of(), done -> record(key, object)));
                }
            }
        } else {
            slot.lists().keySet().forEach(object::list);
        }
        return object;
    }

    private <T> ConfiguredObject<T> configured(Class<T> type, ConfigValue value, String key,
                                               Map<String, Class<?>> lists, Consumer<ConfiguredObject<?>> recorder) {
        // an object is placed by the line naming its class: a merged object's own origin lists every file it came from
        ConfigValue named = value.valueType() == ConfigValueType.OBJECT
                ? ((ConfigObject) value).get(ConfigurableClass.CLASS_KEY) : value;
        String where = key + " at " + Origins.describe(named.origin());
        ConfigObject inline = null;
        String name;
        if (value.valueType() == ConfigValueType.OBJECT) {
            inline = ((ConfigObject) value).withoutKey(ConfigurableClass.CLASS_KEY);
            for (String list : lists.keySet()) {
                inline = inline.withoutKey(list);
            }
            name = (String) ((ConfigObject) value).get(ConfigurableClass.CLASS_KEY).unwrapped();
        } else {
            name = (String) value.unwrapped();
        }
        ConfigurableClass described = registry.get(name, where);
        if (!type.isAssignableFrom(described.type())) {
            throw new ConfigBindingException(where + " names " + described + ", which does not implement "
                    + type.getName());
        }
        return new ConfiguredObject<>(type, described, registry.nameOf(described), inline, where, key, lists,
                (cls, in, args, used, k) -> instantiate(cls, scopeOf(in), in, args, used, k, usedKeys, where),
                built -> {
                    for (String arg : built.codeSupplied()) {
                        codeSuppliedKeys.add(built.key() + "." + arg);
                    }
                    recorder.accept(built);
                });
    }

    private Scope scopeOf(ConfigObject inline) {
        ConfigValue scopeValue = inline == null ? null : inline.get(ConfigurableClass.SCOPE_KEY);
        return scopeValue == null ? Scope.parse("") : Scope.parse((String) scopeValue.unwrapped());
    }

    /** Records a slot's values one key each ({@code algorithm.class}, {@code algorithm.gamma}, ...) once all are built. */
    private void record(String key, ConfiguredObject<?> object) {
        ConfigValue operative = object.operative();
        if (operative != null) {
            for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) operative).entrySet()) {
                operativeValues.put(ConfigUtil.joinPath(key, entry.getKey()), entry.getValue());
            }
        }
    }

    /**
     * Keys set in the configuration but never read by any build so far, sorted by key: keys of
     * classes never built, of scopes never used, of parameters the built object ignored (see
     * {@link IgnoredParameters}), and {@code Class.param} keys shadowed by the same parameter written inside the
     * inline object that names the class (the message names the key that won). A key inside an unused key's inline object is not listed again.
     */
    public List<KeyOrigin> inoperativeKeys() {
        List<KeyOrigin> unused = new ArrayList<>();
        for (Map.Entry<String, ConfigOrigin> entry : settableKeys.entrySet()) {
            String key = entry.getKey();
            if (usedKeys.contains(key) || unused.stream().anyMatch(outer -> isInside(key, outer.key()))) {
                continue;
            }
            String location = Origins.describe(entry.getValue());
            String reason = ignoredReasons.get(key);
            if (reason != null) {
                location += "; ignored: " + reason;
            } else if (shadowedBy.containsKey(key)) {
                location += "; shadowed by '" + shadowedBy.get(key) + "' (a value inside the object that names the "
                        + "class wins over its Class.param keys): set that key instead";
            }
            unused.add(new KeyOrigin(key, location));
        }
        return unused;
    }

    private static boolean isInside(String key, String enclosing) {
        return key.startsWith(enclosing + ".") || key.startsWith(enclosing + "[");
    }

    /**
     * Fails if any key was set but never used (a misspelt scope, or a class never built), so that
     * a typo never passes silently. Call it after building everything the experiment needs.
     */
    public void checkAllUsed() {
        failOn(inoperativeKeys());
    }

    /**
     * Like {@link #checkAllUsed()}, but tolerates keys of parameters a built object reported as ignored. For
     * re-reading an operative configuration this framework wrote itself: one written before the object reported
     * them records their values, which built exactly the same objects.
     */
    public void checkAllUsedExceptIgnored() {
        failOn(inoperativeKeys().stream().filter(k -> !ignoredReasons.containsKey(k.key())).toList());
    }

    private static void failOn(List<KeyOrigin> unused) {
        if (!unused.isEmpty()) {
            List<String> described = unused.stream().map(KeyOrigin::toString).toList();
            throw new ConfigBindingException(unused.size() + " config key(s) set but never used: "
                    + String.join(", ", described));
        }
    }

    /** Every value used by the builds so far, defaults included, and the inoperative keys. */
    public OperativeConfig operativeConfig() {
        return new OperativeConfig(operativeValues, codeSuppliedKeys, inoperativeKeys());
    }

    private BoundValue buildNested(ConfigurableClass described, Scope scope, ConfigObject inline, String key) {
        Map<String, ConfigValue> used = new LinkedHashMap<>();
        Object instance = instantiate(described, scope, inline, Map.of(), used, key, pendingReads,
                inline == null ? key : key + " at " + Origins.describe(inline.origin()));
        Map<String, Object> operative = new LinkedHashMap<>();
        operative.put(ConfigurableClass.CLASS_KEY, registry.nameOf(described));
        operative.putAll(used);
        return new BoundValue(instance, ConfigValueFactory.fromMap(operative));
    }

    /**
     * Builds one object: converts each parameter's value (recording the keys each one read), calls
     * the constructor, then adds to {@code reads} and {@code used} only the parameters the object did
     * not report as ignored; an ignored parameter's keys stay unused and get the object's reason.
     */
    private Object instantiate(ConfigurableClass described, Scope scope, ConfigObject inline,
                               Map<String, ?> args, Map<String, ConfigValue> used, String inlineKey,
                               Set<String> reads, String configuredAt) {
        Object[] arguments = new Object[described.params().size()];
        Map<String, ConfigValue> operative = new LinkedHashMap<>();
        Map<String, Set<String>> readsByParam = new LinkedHashMap<>();
        for (ConfigurableParam param : described.params().values()) {
            if (args.containsKey(param.name())) {
                arguments[param.index()] = args.get(param.name());
                continue;
            }
            Set<String> paramReads = new HashSet<>();
            readsByParam.put(param.name(), paramReads);
            String key;
            ConfigValue value;
            if (inline != null && inline.containsKey(param.name())) {
                key = inlineKey + "." + param.name();
                value = inline.get(param.name());
                paramReads.add(key);
                for (List<String> path : scope.lookupPaths(described.shortName(), param.name())) {
                    if (find(path) != null) {
                        shadowedBy.put(ConfigUtil.joinPath(path), key);
                    }
                }
            } else {
                key = null;
                value = null;
                for (List<String> path : scope.lookupPaths(described.shortName(), param.name())) {
                    ConfigValue found = find(path);
                    if (found != null) {
                        key = ConfigUtil.joinPath(path);
                        value = found;
                        paramReads.add(key);
                        break;
                    }
                }
            }
            if (value == null && param.hasDefault()) {
                key = keyOf(scope, described, param.name());
                value = param.defaultValue();
            }
            if (value == null) {
                throw missing(described, scope, param, inlineKey);
            }
            Set<String> outer = pendingReads;
            pendingReads = paramReads;
            try {
                BoundValue bound = converter.convert(value, param.type(), key, scope);
                arguments[param.index()] = bound.value();
                operative.put(param.name(), bound.operative());
            } finally {
                pendingReads = outer;
            }
        }
        Object instance = described.construct(arguments, configuredAt);
        Map<String, String> ignored = instance instanceof IgnoredParameters reporting
                ? reporting.ignoredParameters() : Map.of();
        for (Map.Entry<String, String> entry : ignored.entrySet()) {
            if (!described.params().containsKey(entry.getKey())) {
                throw new ConfigBindingException(described + " reports '" + entry.getKey()
                        + "' as ignored, but it is not one of its parameters " + described.params().keySet());
            }
            for (String key : keysOf(described, scope, entry.getKey(), inlineKey)) {
                ignoredReasons.put(key, described.shortName() + " did not use it: " + entry.getValue());
            }
        }
        for (Map.Entry<String, ConfigValue> entry : operative.entrySet()) {
            if (!ignored.containsKey(entry.getKey())) {
                used.put(entry.getKey(), entry.getValue());
                reads.addAll(readsByParam.get(entry.getKey()));
            }
        }
        return instance;
    }

    private ConfigValue find(List<String> path) {
        ConfigValue current = root;
        for (String name : path) {
            if (current.valueType() != ConfigValueType.OBJECT) {
                return null;
            }
            current = ((ConfigObject) current).get(name);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private void checkCallerArgument(ConfigurableClass described, String name, Object value) {
        ConfigurableParam param = described.params().get(name);
        if (param == null) {
            String suggestion = NearestName.nearest(name, described.params().keySet())
                    .map(n -> "; did you mean '" + n + "'?").orElse("");
            throw new ConfigBindingException("argument '" + name + "' passed to build " + described
                    + " is not one of its parameters " + described.params().keySet() + suggestion);
        }
        Class<?> raw = boxed(rawType(param.type()));
        if (value == null ? rawType(param.type()).isPrimitive() : !raw.isInstance(value)) {
            throw new ConfigBindingException("argument '" + name + "' passed to build " + described
                    + " must be a " + param.type().getTypeName() + " but is "
                    + (value == null ? "null" : value.getClass().getName() + " " + value));
        }
    }

    private Scope checkedScope(String scope) {
        Scope parsed = Scope.parse(scope);
        for (String name : parsed.names()) {
            if (registry.contains(name)) {
                throw new ConfigBindingException("scope '" + scope + "' uses the class name '" + name
                        + "', which would make its keys ambiguous; choose another scope name");
            }
        }
        return parsed;
    }

    private static ConfigBindingException missing(ConfigurableClass described, Scope scope,
                                                  ConfigurableParam param, String inlineKey) {
        List<String> keys = keysOf(described, scope, param.name(), inlineKey);
        return new ConfigBindingException("no value for '" + keys.get(0) + "', parameter '" + param.name()
                + "' of " + described + ": set one of " + keys + " in the configuration"
                + (inlineKey.isEmpty() ? ", pass it from code," : "") + " or give the parameter a @Default");
    }

    /** Every key that could set {@code param}: the inline one (if any), then the scoped ones, most specific first. */
    private static List<String> keysOf(ConfigurableClass described, Scope scope, String param, String inlineKey) {
        List<String> keys = new ArrayList<>();
        if (!inlineKey.isEmpty()) {
            keys.add(inlineKey + "." + param);
        }
        for (List<String> path : scope.lookupPaths(described.shortName(), param)) {
            keys.add(ConfigUtil.joinPath(path));
        }
        return keys;
    }

    private static String keyOf(Scope scope, ConfigurableClass described, String param) {
        List<String> path = new ArrayList<>(scope.names());
        path.add(described.shortName());
        path.add(param);
        return ConfigUtil.joinPath(path);
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return MethodType.methodType(type).wrap().returnType();
    }
}
