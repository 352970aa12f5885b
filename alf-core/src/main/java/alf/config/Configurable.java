package alf.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose constructor arguments may come from the experiment configuration.
 *
 * <p>On a class, the class's only public constructor (or a record's canonical constructor) is the
 * one bound; on a constructor, that constructor is bound. Each parameter {@code p} of a class
 * registered under the short name {@code N} is read from the key {@code N.p}, optionally prefixed
 * by a scope ({@code actor.N.p}), when the caller does not pass it. See {@link ConfigBinder}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.CONSTRUCTOR})
public @interface Configurable {

    /** The short name used in keys and in {@code class = ...}; empty means the simple class name. */
    String name() default "";
}
