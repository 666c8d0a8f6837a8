package io.mio.iocp;

import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;
import io.mio.completion.CompletionWaker;
import io.mio.spi.PollProvider;

import java.io.IOException;

/**
 * The registry of an {@link IocpPoll}: a socket's poll state hangs on the socket itself
 * ({@link WinSocket#link}), so no table maps socket numbers (which are not small integers on
 * Windows) to states. The selector's lock, {@link #lock}, guards the links.
 */
final class IocpRegistry extends Registry {
    /** The selector's lock. */
    final Object lock = new Object();
    /** Set once by the poll's constructor, before the registry is reachable. */
    IocpPoll poll;

    IocpRegistry(PollProvider provider) {
        super(provider);
    }

    @Override
    protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
        WinSocket socket = (WinSocket) source;
        synchronized (lock) {
            // AFD polls the base socket: a layered provider's socket is not one AFD knows
            socket.link = new WinSocket.Link(poll, poll.register(socket.base, token, interests));
        }
    }

    @Override
    protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
        WinSocket socket = (WinSocket) source;
        synchronized (lock) {
            poll.reregister(socket.link.state(), token, interests);
        }
    }

    @Override
    protected void implDeregister(IoSource source) throws IOException {
        WinSocket socket = (WinSocket) source;
        synchronized (lock) {
            WinSocket.Link link = socket.link;
            if (link != null && link.poll() == poll) {
                socket.link = null;
                poll.deregister(link.state()); // cancelled before the socket is closed
            }
        }
    }

    @Override
    protected Waker implNewWaker(Token token) {
        return new CompletionWaker(this, token, poll);
    }
}
