package io.mio.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link TckTest} once per constant of an enum ({@link IpFamily}, {@link Direction}); the
 * constant is passed as the method's parameter of that type and named in the display name, e.g.
 * {@code [selector] readWriteRoundTrip (IPv6)}. A constant that needs a capability (a {@link Variant}),
 * or IPv6 on a host without {@code ::1}, is skipped before it starts, with the reason.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EachOf {
    /** {@return the enum whose constants are the variants} */
    Class<? extends Enum<?>> value();
}
