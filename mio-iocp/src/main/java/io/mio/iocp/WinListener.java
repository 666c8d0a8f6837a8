package io.mio.iocp;

import io.mio.spi.ListenerIo;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * A TCP or Unix-domain listener on a Winsock socket, made by {@link IocpProvider#bindTcpListener}
 * or {@link IocpProvider#bindUnixListener}.
 *
 * @param <A> the address type
 */
final class WinListener<A extends SocketAddress> extends WinSocket<A> implements ListenerIo<A> {
    WinListener(PollProvider provider, long socket, long base, int family) {
        super(provider, socket, base, family, LISTENER_OPTIONS);
    }

    @Override
    public StreamIo<A> accept() throws IOException {
        WinScratch s = WinScratch.get();
        long accepted;
        guard.acquire();
        try {
            accepted = Win32Calls.accept(s.state, socket, MemorySegment.NULL, MemorySegment.NULL);
        } finally {
            guard.release();
        }
        if (accepted == -1) {
            if (Win32Calls.wsaLastError(s.state) != Win32.WSAEWOULDBLOCK) {
                throw failure("accept", s);
            }
            wouldBlock(Readiness.READABLE);
            return null;
        }
        try {
            // non-blocking already: an accepted socket takes its listener's mode
            return new WinStream<>(provider(), accepted, baseSocket(accepted), family, null);
        } catch (IOException | RuntimeException e) {
            Win32Calls.closesocket(s.state, accepted);
            throw e;
        }
    }

    @Override
    String kind() {
        return family == Win32.AF_UNIX ? "UnixListener" : "TcpListener";
    }
}
