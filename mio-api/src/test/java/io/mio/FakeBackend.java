package io.mio;

import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A backend without an OS facility, for testing the checks the API makes once for every backend.
 * Its poll reports the events queued with {@link FakePoll#ready}; it records registry calls.
 */
final class FakeBackend {
    private FakeBackend() {
    }

    /** An available fake backend, found by the ServiceLoader through the test resources. */
    public static class Up extends PollProvider {
        @Override
        public String name() {
            return "fake-up";
        }

        @Override
        public Availability availability() {
            return Availability.AVAILABLE;
        }

        @Override
        public int priority() {
            return 5;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public FakePoll openPoll() {
            return new FakePoll(this);
        }

        @Override
        public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) {
            throw unsupported(Capability.REUSE_PORT);
        }

        @Override
        public TcpStream connectTcpStream(InetSocketAddress address) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public UdpSocket bindUdpSocket(InetSocketAddress address) {
            throw new UnsupportedOperationException("fake");
        }
    }

    /** A second available fake backend, so sources of one can be offered to the other. */
    public static final class Other extends Up {
        @Override
        public String name() {
            return "fake-other";
        }

        @Override
        public int priority() {
            return 1;
        }
    }

    /** An unavailable fake backend with the highest priority: it must never be chosen. */
    public static final class Down extends Up {
        @Override
        public String name() {
            return "fake-down";
        }

        @Override
        public Availability availability() {
            return Availability.unavailable("fake-down exists only to be unavailable");
        }

        @Override
        public int priority() {
            return 1000;
        }
    }

    static final class FakePoll extends Poll {
        final FakeRegistry registry;
        final List<Object[]> ready = new ArrayList<>();
        final CountDownLatch polling = new CountDownLatch(1);
        volatile boolean woken;
        int closes;

        FakePoll(PollProvider provider) {
            super(provider);
            registry = new FakeRegistry(provider);
        }

        void ready(Token token, int readiness) {
            ready.add(new Object[] {token, readiness});
        }

        @Override
        public Registry registry() {
            return registry;
        }

        @Override
        protected void implPoll(Events events, long timeoutNanos) throws IOException {
            polling.countDown();
            while (!ready.isEmpty() && addEvent(events, (Token) ready.get(0)[0], (Integer) ready.get(0)[1])) {
                ready.remove(0);
            }
            long deadline = System.nanoTime() + Math.max(timeoutNanos, 0);
            while (events.isEmpty() && !woken && (timeoutNanos < 0 || System.nanoTime() < deadline)) {
                Thread.onSpinWait();
            }
            woken = false;
        }

        @Override
        protected void implWakeup() {
            woken = true;
        }

        @Override
        protected void implClose() {
            closes++;
        }
    }

    static final class FakeRegistry extends Registry {
        final List<String> calls = new ArrayList<>();

        FakeRegistry(PollProvider provider) {
            super(provider);
        }

        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) {
            calls.add("register " + token.value() + " " + interests);
        }

        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) {
            calls.add("reregister " + token.value() + " " + interests);
        }

        @Override
        protected void implDeregister(IoSource source) {
            calls.add("deregister");
        }

        @Override
        protected Waker implNewWaker(Token token) {
            return new Waker(this, token) {
                @Override
                protected void implWake() {
                    calls.add("wake");
                }

                @Override
                protected void implCloseWaker() {
                    calls.add("close waker");
                }
            };
        }
    }

    static final class FakeSource extends IoSource {
        int closes;

        FakeSource(PollProvider provider) {
            super(provider);
        }

        @Override
        protected void implCloseSource() {
            closes++;
        }
    }
}
