/**
 * The event loop: {@link io.mio.Poll}, {@link io.mio.Registry}, {@link io.mio.Events},
 * {@link io.mio.Event}, {@link io.mio.Token}, {@link io.mio.Interest}, {@link io.mio.Waker} and
 * {@link io.mio.Source} ({@link io.mio.IoSource} for the sources a backend creates), a port of
 * Rust's mio, with the single-threaded seed's utilities: user-space events
 * ({@link io.mio.Poll#post}) and deadlines ({@link io.mio.Deadline}).
 *
 * <h2>Conventions</h2>
 * Java conventions replace Rust's {@code WouldBlock} error: {@code accept()} and {@code receive()}
 * return {@code null}, stream {@code read()}/{@code write()} return {@code 0}, end of stream is
 * {@code -1}. Exceptions are for real errors, never for would-block.
 *
 * <h2>Sources</h2>
 * A {@link io.mio.Source} is what a {@link io.mio.Registry} registers (mio's {@code event::Source}
 * trait). The pipe ends and raw descriptors a backend creates, and the I/O object each socket
 * holds, are {@link io.mio.IoSource}s, which hold the registration state and make the registry's
 * checks; a socket delegates its registration to its I/O object. A type
 * of your own (a connection object, a TLS stream) becomes a source by implementing {@code Source}
 * and delegating {@code register}, {@code reregister} and {@code deregister} to the sources it
 * holds, with the tokens it chooses; its exceptions reach the caller unchanged, and one that
 * delegates to nothing is refused with an {@link IllegalArgumentException}.
 *
 * <h2>Draining and spurious events</h2>
 * Readiness is edge-triggered: after an event, keep reading (accepting, writing) until the operation
 * would block, or the source is not reported again. Events may be spurious; treat readiness as a
 * hint and let the operation tell.
 */
package io.mio;
