package alf.config;

import com.typesafe.config.ConfigValue;

/**
 * A value converted for a constructor parameter together with its operative form: the HOCON value
 * that reproduces it when read back (for nested objects, the object with every parameter inline).
 */
record BoundValue(Object value, ConfigValue operative) {
}
