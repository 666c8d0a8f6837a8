package io.mio.posix;

import io.mio.net.Shutdown;

import java.io.IOException;
import java.net.SocketOption;

/**
 * What every native socket source does the same way: its guarded descriptor, family, options,
 * pending error, datagram connect and close. The sources extend different API classes
 * ({@code TcpStream}, {@code UdpSocket}, {@code UnixListener}, ...), so they share this by
 * composition: each keeps one and forwards to it.
 */
final class NativeSocket {
    /** The guarded descriptor; the transfers take it. */
    final NativeFd nfd;
    /** AF_INET, AF_INET6 or AF_UNIX: selects the option levels and sockaddr encoding. */
    final int family;
    /**
     * Whether a stream's input was shut down: its reads then return end of stream without a call,
     * because Linux would still return data queued before or arriving after shutdown(SHUT_RD)
     * (see {@code StreamSocket.shutdown}).
     */
    volatile boolean inputShut;

    /**
     * @param fd a socket descriptor this object now owns
     * @param family its address family
     * @param owner the source, named by the exception of a use after close
     */
    NativeSocket(int fd, int family, Object owner) {
        this.nfd = new NativeFd(fd, true, owner);
        this.family = family;
    }

    /** @return the descriptor number, for a registry */
    int fd() {
        return nfd.fd;
    }

    /** @return the pending SO_ERROR as an exception (reading clears it), or null */
    IOException takeError() throws IOException {
        int errno = Sockets.takeErrno(nfd);
        return errno == 0 ? null : Errno.exception("socket error (SO_ERROR)", errno);
    }

    <T> void setOption(SocketOption<T> name, T value) throws IOException {
        Sockets.setOption(nfd, family, name, value);
    }

    @SuppressWarnings("unchecked") // Sockets.getOption returns the option's type
    <T> T getOption(SocketOption<T> name) throws IOException {
        return (T) Sockets.getOption(nfd, family, name);
    }

    /**
     * connect(2) of a datagram socket (never in progress: it only sets the peer).
     *
     * @param s the thread's scratch, whose address holds the encoded peer
     * @param length the encoded peer's length
     * @param peer the peer, for the message of a failure
     */
    void connectDatagram(Scratch s, int length, String peer) throws IOException {
        int fd = nfd.acquire();
        try {
            int errno = Sockets.connect(fd, s.address(), length);
            if (errno != 0) {
                throw Errno.exception("connect(" + peer + ")", errno);
            }
        } finally {
            nfd.release();
        }
    }

    /**
     * shutdown(2) of a stream; remembers a shut input for {@link #inputShut}.
     *
     * @return false if the socket is not connected (ENOTCONN), see {@link Sockets#shutdown}
     */
    boolean shutdown(Shutdown how) throws IOException {
        boolean connected = Sockets.shutdown(nfd, how);
        if (how != Shutdown.WRITE) {
            inputShut = true;
        }
        return connected;
    }

    void close() throws IOException {
        nfd.close();
    }

    @Override
    public String toString() {
        return nfd.toString();
    }
}
