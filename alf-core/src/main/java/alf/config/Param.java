package alf.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a constructor parameter of a {@link Configurable} class in configuration keys, overriding
 * the compiled parameter name (which needs {@code javac -parameters}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {

    /** The parameter's name in keys such as {@code Adam.lr}. */
    String value();
}
