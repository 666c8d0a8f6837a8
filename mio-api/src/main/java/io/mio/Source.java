package io.mio;

import java.io.IOException;

/**
 * Something that can be registered with a {@link Registry} (mio's {@code event::Source} trait).
 *
 * <p>The sources a backend creates (a socket's I/O object, pipe ends, raw descriptors) are
 * {@link IoSource}s; the socket types ({@code TcpStream} and so on) delegate to the I/O object they
 * hold. A user type becomes a source the same way, by delegating to the sources it holds, each
 * with the registry and the token and interests it chooses; a connection object around a
 * {@code TcpStream}:
 *
 * {@snippet :
 * final class Connection implements Source {
 *     private final TcpStream stream;
 *
 *     public void register(Registry registry, Token token, Interest interests) throws IOException {
 *         stream.register(registry, token, interests);
 *     }
 *
 *     public void reregister(Registry registry, Token token, Interest interests) throws IOException {
 *         stream.reregister(registry, token, interests);
 *     }
 *
 *     public void deregister(Registry registry) throws IOException {
 *         stream.deregister(registry);
 *     }
 * }
 * }
 *
 * <p>Users register through the registry ({@code registry.register(connection, token, interests)}),
 * which calls these methods with itself. The rules of {@link Registry#register} hold for every
 * {@code IoSource} the delegation reaches. An exception a user's method throws reaches the caller
 * of the registry unchanged. A user's method must reach at least one {@code IoSource}, on the
 * calling thread, before it returns normally (a delegating method may also delegate through
 * {@code registry.register(inner, ...)}); one that reaches none makes the registry throw an
 * {@link IllegalArgumentException}, since nothing would ever report its events. As in mio, a
 * method that fails partway leaves registered what it did register: such a type deregisters (or
 * closes) its sources when it gives up on them.
 */
public interface Source {
    /**
     * Registers this source's {@link IoSource}s with {@code registry}. Call
     * {@link Registry#register} rather than this method.
     *
     * @param registry the registry
     * @param token the token their events carry
     * @param interests what to report; never empty
     * @throws IOException if a delegate's registration fails
     */
    void register(Registry registry, Token token, Interest interests) throws IOException;

    /**
     * Changes the token and interests of this source's registered {@link IoSource}s. Call
     * {@link Registry#reregister} rather than this method.
     *
     * @param registry the registry they are registered with
     * @param token the new token
     * @param interests the new interests; never empty
     * @throws IOException if a delegate's reregistration fails
     */
    void reregister(Registry registry, Token token, Interest interests) throws IOException;

    /**
     * Deregisters this source's {@link IoSource}s. Call {@link Registry#deregister} rather than
     * this method.
     *
     * @param registry the registry they are registered with
     * @throws IOException if a delegate's deregistration fails
     */
    void deregister(Registry registry) throws IOException;
}
