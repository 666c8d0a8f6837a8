package io.mio.tck;

import io.mio.spi.Capability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a TCK case needs before it can run. {@link TckExtension} checks it before the case starts
 * and, where it is missing, skips the case with the reason (a capability the backend leaves out, a
 * host fact, a configuration): the reason is then the report's skip message, not a stack trace.
 * The case's body may assume all of it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Requires {
    /** {@return the capabilities the backend under test must declare} */
    Capability[] value() default {};

    /** {@return capabilities the backend must leave out (cases that check the refusal)} */
    Capability[] absent() default {};

    /** {@return whether the case needs Linux with {@code /proc/self} (descriptor listings)} */
    boolean linux() default false;

    /** {@return whether the case needs {@code io.mio.tck.peer} set to another backend than the provider} */
    boolean distinctPeer() default false;
}
