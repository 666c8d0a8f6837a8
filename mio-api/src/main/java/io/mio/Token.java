package io.mio;

/**
 * Associates an event with the source it is for: the value given at registration comes back with
 * every {@link Event} of that source.
 *
 * <p>As in mio, a token is a plain number chosen by the user, often an index into a table of
 * connections. Backends hand back the very {@code Token} instance that was registered, so reading
 * {@link Event#token()} allocates nothing.
 *
 * @param value the number this token stands for
 */
public record Token(long value) {
}
