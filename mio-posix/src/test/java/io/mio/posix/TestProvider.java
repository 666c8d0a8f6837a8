package io.mio.posix;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A provider with no poll, whose factories delegate to {@link PosixSockets} as a backend's do:
 * the sockets are exercised with non-blocking calls and bounded retry loops. Not registered as a
 * service.
 */
final class TestProvider extends PollProvider {
    static final TestProvider INSTANCE = new TestProvider();
    private static final MethodHandle dup$mh = Downcalls.quick("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @Override
    public String name() {
        return "posix-test";
    }

    @Override
    public Availability availability() {
        return PosixSockets.availability();
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Set<Capability> capabilities() {
        return PosixSockets.capabilities();
    }

    @Override
    public Poll openPoll() {
        throw new UnsupportedOperationException("the test provider has no poll");
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        return PosixSockets.bindTcpListener(this, address, backlog, reusePort);
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        return PosixSockets.connectTcpStream(this, address);
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        return PosixSockets.bindUdpSocket(this, address);
    }

    @Override
    public UnixListener bindUnixListener(UnixAddress address) throws IOException {
        return PosixSockets.bindUnixListener(this, address);
    }

    @Override
    public UnixStream connectUnixStream(UnixAddress address) throws IOException {
        return PosixSockets.connectUnixStream(this, address);
    }

    @Override
    public UnixStream[] unixStreamPair() throws IOException {
        return PosixSockets.unixStreamPair(this);
    }

    @Override
    public UnixDatagram bindUnixDatagram(UnixAddress address) throws IOException {
        return PosixSockets.bindUnixDatagram(this, address);
    }

    @Override
    public UnixDatagram unboundUnixDatagram() throws IOException {
        return PosixSockets.unboundUnixDatagram(this);
    }

    @Override
    public UnixDatagram[] unixDatagramPair() throws IOException {
        return PosixSockets.unixDatagramPair(this);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return PosixSockets.openPipe(this);
    }

    @Override
    public SourceFd sourceFd(int fd) {
        return PosixSockets.sourceFd(this, fd);
    }

    // probes for the tests

    /** @return the number of descriptors open in this process, from /proc/self/fd */
    static int openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return (int) entries.count();
        }
    }

    /** @return fcntl(fd, cmd), or -errno */
    static int fcntl(int fd, int cmd) throws Throwable {
        MemorySegment state = Downcalls.callState();
        int r = (int) Libc.fcntl.invokeExact(state, fd, cmd, 0);
        return r < 0 ? -Downcalls.errno(state) : r;
    }

    /** @return a new descriptor for the same file, or -errno */
    static int dup(int fd) throws Throwable {
        MemorySegment state = Downcalls.callState();
        int r = (int) dup$mh.invokeExact(state, fd);
        return r < 0 ? -Downcalls.errno(state) : r;
    }

    /** close(2) of a raw descriptor. */
    static int close(int fd) throws Throwable {
        return (int) Libc.close.invokeExact(Downcalls.callState(), fd);
    }
}
