package alf.config;

import com.typesafe.config.ConfigValue;
import java.lang.reflect.Type;

/**
 * One constructor parameter of a {@link Configurable} class: its name in keys, its position in the
 * constructor, its declared (possibly generic) type, and its parsed {@link Default}, or null when
 * it has none and so must be supplied by the caller or the configuration.
 */
public record ConfigurableParam(String name, int index, Type type, ConfigValue defaultValue) {

    /** Whether the parameter has a {@link Default}. */
    public boolean hasDefault() {
        return defaultValue != null;
    }
}
