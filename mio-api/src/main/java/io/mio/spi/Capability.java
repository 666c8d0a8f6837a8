package io.mio.spi;

/**
 * Something a backend may or may not be able to do. A backend lists what it can do in
 * {@link PollProvider#capabilities()}; the TCK skips, with the reason, each check that needs a
 * capability the backend lacks, and never passes a check it did not run.
 */
public enum Capability {
    /** Events report {@code isReadClosed()} when the peer shuts down its output. */
    READ_CLOSED_EVENTS("report read-closed distinctly from readable"),
    /** Events report {@code isWriteClosed()} when the peer goes away or the write half is shut. */
    WRITE_CLOSED_EVENTS("report write-closed"),
    /** Events report {@code isError()} for a refused connect or a pending socket error. */
    ERROR_EVENTS("report error events"),
    /** {@code Interest.PRIORITY} reports out-of-band data with {@code isPriority()}. */
    PRIORITY_EVENTS("report priority (out-of-band) readiness"),
    /** {@code TcpStream.peek} and {@code UdpSocket.peek}/{@code peekFrom} work. */
    PEEK("peek without consuming"),
    /**
     * A connected {@code UdpSocket} reports an ICMP error from its peer's host (a closed port) as a
     * {@link java.net.PortUnreachableException} from a later send, receive or peek, and the kernel
     * drops datagrams from other addresses before they raise a readable event.
     */
    CONNECTED_UDP_ERRORS("report ICMP errors (port unreachable) on connected UDP sockets"),
    /** The {@code IP_TTL} option ({@code ttl()}/{@code setTtl}) works on TCP and UDP sockets. */
    IP_TTL("get and set IP_TTL"),
    /** The {@code IPV6_V6ONLY} option ({@code UdpSocket.onlyV6()}) can be read. */
    IPV6_V6ONLY("read IPV6_V6ONLY"),
    /**
     * A connected UDP socket's ICMP errors (port unreachable) are its pending error: an error
     * event and {@code takeError()}, as on a kernel-connected socket.
     */
    UDP_ICMP_ERRORS("report ICMP errors of a connected UDP socket through takeError"),
    /** UDP multicast: join, leave, loop and TTL options. */
    MULTICAST("join and leave multicast groups"),
    /** {@code SO_REUSEPORT} on listeners ({@code TcpListener.bind(..., reusePort)}). */
    REUSE_PORT("bind listeners with SO_REUSEPORT"),
    /** Unix-domain stream sockets: {@code UnixListener}, {@code UnixStream}. */
    UNIX_STREAM("open Unix-domain stream sockets"),
    /** {@code UnixStream.pair()}. */
    UNIX_STREAM_PAIR("open connected Unix-domain stream socket pairs"),
    /** Unix-domain datagram sockets: {@code UnixDatagram}. */
    UNIX_DATAGRAM("open Unix-domain datagram sockets"),
    /** Linux abstract Unix-domain names ({@code UnixAddress.ofAbstract}). */
    UNIX_ABSTRACT_NAMES("use abstract Unix-domain socket names"),
    /** {@code Pipe.open}: a non-blocking pipe pair. */
    PIPES("open non-blocking pipes"),
    /** {@code SourceFd}: registering a file descriptor the user owns. */
    RAW_FD_SOURCES("register raw file descriptors"),
    /**
     * Registrations in {@link io.mio.Mode#LEVEL} and {@link io.mio.Mode#ONESHOT} as well as the
     * default {@link io.mio.Mode#EDGE}, natively or emulated (the README's backends table says
     * which). Without it, registering with either is an {@link UnsupportedOperationException}.
     */
    REGISTRATION_MODES("register in the Level and Oneshot modes");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /**
     * What the capability lets a backend do, as a verb phrase that completes "backend 'x' cannot ...".
     *
     * @return the phrase, for skip reasons, listings and {@code UnsupportedOperationException} messages
     */
    public String description() {
        return description;
    }
}
