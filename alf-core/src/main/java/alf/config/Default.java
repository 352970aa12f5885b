package alf.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a constructor parameter of a {@link Configurable} class takes when neither the caller
 * nor the configuration supplies one, written as a HOCON literal: {@code @Default("3e-4")},
 * {@code @Default("[256, 256]")}, {@code @Default("10s")}, {@code @Default("{ class = AdamTF }")},
 * {@code @Default("null")}. It is converted exactly like a value read from a file.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Default {

    /** The default value as a HOCON literal. */
    String value();
}
