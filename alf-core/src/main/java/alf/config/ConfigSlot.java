package alf.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A top-level key whose value names the class to build, the way gin binds a constructor reference: for example
 * {@code algorithm = { class = SacAlgorithm, gamma = 0.99 }}. The class must implement {@code type}; the object's
 * other keys are its constructor parameters, except the {@code lists} keys, which hold lists of further
 * {@code { class = ..., ... }} objects that the experiment builds itself (such as environment wrappers, each of
 * which needs the environment it wraps).
 *
 * @param key          the top-level key, e.g. {@code algorithm}
 * @param type         the interface every class named there must implement
 * @param defaultClass the class built when the key is not set (it then reads {@code Name.param} keys as usual)
 * @param lists        keys inside the object that hold lists of objects, with the type their classes must implement
 */
public record ConfigSlot(String key, Class<?> type, String defaultClass, Map<String, Class<?>> lists) {

    /** Checks the fields and copies the list map. */
    public ConfigSlot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultClass, "defaultClass");
        lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
        if (lists.containsKey(ConfigurableClass.CLASS_KEY) || lists.containsKey(ConfigurableClass.SCOPE_KEY)) {
            throw new IllegalArgumentException("slot '" + key + "': 'class' and 'scope' cannot name lists");
        }
    }
}
