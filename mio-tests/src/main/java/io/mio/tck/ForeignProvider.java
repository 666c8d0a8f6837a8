package io.mio.tck;

import io.mio.Poll;
import io.mio.IoSource;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * A backend that is not the one under test, so the TCK can check that a source of another backend is
 * rejected when no real peer backend is configured. It is not registered with {@code ServiceLoader}
 * and creates nothing but {@link #source()}.
 */
final class ForeignProvider extends PollProvider {
    static final ForeignProvider INSTANCE = new ForeignProvider();

    @Override
    public String name() {
        return "tck-foreign";
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public Poll openPoll() {
        throw new UnsupportedOperationException("the TCK's foreign backend opens no poll");
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) {
        throw new UnsupportedOperationException("the TCK's foreign backend has no sockets");
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) {
        throw new UnsupportedOperationException("the TCK's foreign backend has no sockets");
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) {
        throw new UnsupportedOperationException("the TCK's foreign backend has no sockets");
    }

    /** @return a new source of this backend; closing it releases nothing */
    IoSource source() {
        return new IoSource(this) {
            @Override
            protected void implCloseSource() {
            }
        };
    }
}
