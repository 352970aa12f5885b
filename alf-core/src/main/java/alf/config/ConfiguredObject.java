package alf.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A class named in the configuration together with its configured parameters, not yet built: gin's configurable
 * reference ({@code @SacAlgorithm} rather than {@code @SacAlgorithm()}). The experiment builds it with the values only
 * code can supply ({@link #build(Map)}), possibly several times (the training and the evaluation environment), each
 * time a fresh instance. Obtained from {@link ConfigBinder#slot(String)}; its object lists (such as an environment's
 * wrappers) from {@link #list(String)}. The first build records the values used, defaults included, in the binder's
 * operative configuration under the slot's key (later builds differ only in what code passes), and the parameters
 * code passed are listed as code-supplied.
 *
 * @param <T> the type the slot requires
 */
public final class ConfiguredObject<T> {

    /** Builds {@code described} from {@code inline}; implemented by the binder. */
    interface Instantiator {
        Object instantiate(ConfigurableClass described, ConfigObject inline, Map<String, ?> args,
                           Map<String, ConfigValue> used, String key);
    }

    private final Class<T> type;
    private final ConfigurableClass described;
    private final String className;
    private final ConfigObject inline;
    private final String location;
    private final String key;
    private final Map<String, Class<?>> listTypes;
    private final Instantiator instantiator;
    private final Consumer<ConfiguredObject<?>> recorder;
    private final Map<String, List<ConfiguredObject<?>>> lists = new LinkedHashMap<>();
    private Map<String, ConfigValue> used;
    private List<String> codeSupplied = List.of();

    ConfiguredObject(Class<T> type, ConfigurableClass described, String className, ConfigObject inline,
                     String location, String key,
                     Map<String, Class<?>> listTypes, Instantiator instantiator,
                     Consumer<ConfiguredObject<?>> recorder) {
        this.type = type;
        this.described = described;
        this.className = className;
        this.inline = inline;
        this.location = location;
        this.key = key;
        this.listTypes = listTypes;
        this.instantiator = instantiator;
        this.recorder = recorder;
    }

    /** The name written in {@code class = ...}. */
    public String className() {
        return className;
    }

    /** The class that will be built. */
    public Class<?> implementation() {
        return described.type();
    }

    /** Whether the class's bound constructor has a parameter called {@code name}. */
    public boolean hasParameter(String name) {
        return described.params().containsKey(name);
    }

    /**
     * A fresh instance: each parameter named in {@code args} from there, the rest from the configuration as
     * {@link ConfigBinder} resolves them.
     *
     * @throws ConfigBindingException for a missing or ill-typed value, or an argument that is not a parameter
     */
    public T build(Map<String, ?> args) {
        for (String name : args.keySet()) {
            if (!described.params().containsKey(name)) {
                throw new ConfigBindingException("argument '" + name + "' passed to build " + key + " ("
                        + described + ") is not one of its parameters " + described.params().keySet());
            }
        }
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        Object instance = instantiator.instantiate(described, inline, args, values, key);
        if (used == null) { // the first build is the one recorded (later ones differ only in what code passes)
            used = values;
            codeSupplied = List.copyOf(args.keySet());
            recorder.accept(this);
        }
        return type.cast(instance);
    }

    /**
     * The objects listed under {@code name} inside this one (an empty list when it is not set), in order, each
     * requiring the type the slot declares for that list.
     */
    public List<ConfiguredObject<?>> list(String name) {
        return Collections.unmodifiableList(elements(name));
    }

    /** Adds an element to list {@code name} (the binder fills the lists when it creates the slot). */
    void addToList(String name, ConfiguredObject<?> element) {
        elements(name).add(element);
    }

    private List<ConfiguredObject<?>> elements(String name) {
        if (!listTypes.containsKey(name)) {
            throw new IllegalArgumentException(key + " declares no object list '" + name + "'; it has "
                    + listTypes.keySet());
        }
        return lists.computeIfAbsent(name, n -> new ArrayList<>());
    }

    /** The key this object was configured under, for messages ({@code environment.wrappers.0}). */
    public String key() {
        return key;
    }

    /**
     * The key and where its class was named, for messages ({@code environment.wrappers.0 at configs/x.conf:12});
     * the slot key alone when the slot was not set and its default class is used.
     */
    public String location() {
        return location;
    }

    /** The parameters code passed to the recorded build. */
    List<String> codeSupplied() {
        return codeSupplied;
    }

    /**
     * What the operative configuration records: {@code { class = ..., param = value, ..., list = [...] }} with every
     * value of the last build, or null before the first build.
     */
    ConfigValue operative() {
        if (used == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ConfigurableClass.CLASS_KEY, className);
        out.putAll(used);
        for (Map.Entry<String, List<ConfiguredObject<?>>> list : lists.entrySet()) {
            List<ConfigValue> elements = new ArrayList<>();
            for (ConfiguredObject<?> element : list.getValue()) {
                ConfigValue value = element.operative();
                if (value == null) {
                    return null; // not every element built yet
                }
                elements.add(value);
            }
            out.put(list.getKey(), ConfigValueFactory.fromIterable(elements));
        }
        return ConfigValueFactory.fromMap(out);
    }
}
