package io.mio.tck;

import org.junit.jupiter.api.TestTemplate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a TCK test case. It runs once against the configured backend (or once per constant of the
 * enum named by {@link EachOf}), and its display name names the backend, e.g.
 * {@code [selector] readableAfterPeerWrites}, so every report line says what was tested.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
public @interface TckTest {
}
