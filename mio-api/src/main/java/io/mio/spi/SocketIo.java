package io.mio.spi;

import io.mio.IoSource;
import io.mio.Source;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * What a backend supplies for every socket: the part of the three I/O shapes ({@link StreamIo},
 * {@link ListenerIo}, {@link DatagramIo}) that all sockets share. A backend implements one class
 * per shape; the final API types ({@code TcpStream}, {@code UdpSocket}, ...) hold one such object
 * in a final field and make every call through it.
 *
 * <p><b>The object is the registered source.</b> An implementation extends {@link IoSource}
 * (the API types refuse one that does not): {@code register}, {@code reregister},
 * {@code deregister}, {@code close}, {@code provider} and {@code isOpen} of this interface are
 * {@code IoSource}'s final methods, which keep the registration state and make the registry's
 * checks once for every backend. The API type is a {@link Source} that delegates to it, as mio's
 * {@code TcpStream} delegates to its {@code IoSource}; so the backend's {@code Registry} hooks
 * receive this object, and reach their own state with a cast, never a lookup.
 *
 * <p><b>Division of work.</b> The API type checks the arguments (non-null, writable buffers,
 * supported options and their values) and nothing else. The I/O object checks that it is open,
 * once per call, by the same step that guards the descriptor or channel against a concurrent
 * close, and throws {@link java.nio.channels.ClosedChannelException}
 * ({@link io.mio.ClosedSourceException}) when it is closed. Would-block is a return value, never
 * an exception, and tells the source's registration so (a level-triggered or one-shot backend
 * re-arms there). The hot calls (read, write, send, receive) allocate nothing.
 *
 * @param <A> the address type: {@link java.net.InetSocketAddress} or {@link io.mio.net.UnixAddress}
 */
public interface SocketIo<A extends SocketAddress> extends Source, Closeable {
    /** {@return the backend that created this socket (implemented by {@link IoSource})} */
    PollProvider provider();

    /** {@return whether this socket is open (implemented by {@link IoSource})} */
    boolean isOpen();

    /** {@return the options this socket supports; an immutable set, the same on every call} */
    Set<SocketOption<?>> supportedOptions();

    /**
     * Sets an option of {@link #supportedOptions()}.
     *
     * @param <T> the option's type
     * @param name the option
     * @param value its value, non-null and checked
     * @throws IOException if the socket is closed or the call fails
     */
    <T> void setOption(SocketOption<T> name, T value) throws IOException;

    /**
     * Reads an option of {@link #supportedOptions()}.
     *
     * @param <T> the option's type
     * @param name the option
     * @return its value
     * @throws IOException if the socket is closed or the call fails
     */
    <T> T getOption(SocketOption<T> name) throws IOException;

    /**
     * Returns and clears the pending error ({@code SO_ERROR}).
     *
     * @return the error, or {@code null}
     * @throws IOException if the socket is closed or reading it fails
     */
    IOException takeError() throws IOException;

    /**
     * {@return the local address}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    A localAddress() throws IOException;
}
