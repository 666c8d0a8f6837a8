package io.mio;

import io.mio.FakeBackend.FakePoll;
import io.mio.FakeBackend.FakeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.ClosedChannelException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How a {@link Registry} dispatches to a user's {@link Source} and what reaches the backend. */
class SourceDispatchTest {
    private final FakePoll poll = new FakeBackend.Up().openPoll();
    private final Registry registry = poll.registry();
    private final FakeSource inner = new FakeSource(poll.provider());

    @AfterEach
    void close() throws IOException {
        poll.close();
    }

    /** Delegates each call to one source, as mio's docs show for a connection type. */
    record Wrapper(IoSource inner) implements Source {
        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            inner.register(registry, token, interests);
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            inner.reregister(registry, token, interests);
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            inner.deregister(registry);
        }
    }

    /** Two sources under two tokens: the given one and the next. */
    record Pair(Source a, Source b) implements Source {
        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            registry.register(a, token, interests); // delegating through the registry works too
            registry.register(b, new Token(token.value() + 1), interests);
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            registry.reregister(a, token, interests);
            registry.reregister(b, new Token(token.value() + 1), interests);
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            registry.deregister(a);
            registry.deregister(b);
        }
    }

    /** What a {@link Scripted} source does on each call; deregister gets null token and interests. */
    interface Call {
        void run(Registry registry, Token token, Interest interests) throws IOException;
    }

    /** Runs the same script for register, reregister and deregister, counting the calls. */
    static final class Scripted implements Source {
        private final Call call;
        int calls;

        Scripted(Call call) {
            this.call = call;
        }

        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            calls++;
            call.run(registry, token, interests);
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            calls++;
            call.run(registry, token, interests);
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            calls++;
            call.run(registry, null, null);
        }
    }

    @Test
    void aDelegatingSourceRegistersReregistersAndDeregistersItsSourceUnderItsToken() throws IOException {
        Wrapper wrapper = new Wrapper(inner);
        registry.register(wrapper, new Token(7), Interest.READABLE);
        registry.reregister(wrapper, new Token(8), Interest.WRITABLE);
        registry.deregister(wrapper);
        registry.register(wrapper, new Token(9), Interest.READABLE);
        assertEquals(List.of("register 7 READABLE", "reregister 8 WRITABLE", "deregister", "register 9 READABLE"),
                poll.registry.calls);
    }

    @Test
    void aSourceOfTwoSourcesRegistersBothWithTheirTokens() throws IOException {
        FakeSource other = new FakeSource(poll.provider());
        Pair pair = new Pair(inner, new Wrapper(other));
        registry.register(pair, new Token(10), Interest.READABLE);
        registry.reregister(pair, new Token(20), Interest.PRIORITY);
        registry.deregister(pair);
        assertEquals(List.of("register 10 READABLE", "register 11 READABLE", "reregister 20 PRIORITY",
                "reregister 21 PRIORITY", "deregister", "deregister"), poll.registry.calls);
    }

    @Test
    void aSourceThatReachesNoBackendSourceIsAnIllegalArgumentNamingIt() throws IOException {
        Scripted hollow = new Scripted((registry, token, interests) -> { }); // forgot to delegate
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register(hollow, new Token(1), Interest.READABLE));
        assertTrue(e.getMessage().contains(Scripted.class.getName() + ".register")
                && e.getMessage().contains("delegate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.reregister(hollow, new Token(1), Interest.READABLE));
        assertThrows(IllegalArgumentException.class, () -> registry.deregister(hollow));
        assertEquals(3, hollow.calls);
        // a delegating call in between does not make a later hollow one pass
        registry.register(new Wrapper(inner), new Token(2), Interest.READABLE);
        assertThrows(IllegalArgumentException.class, () -> registry.register(hollow, new Token(1), Interest.READABLE));
        // nested: a hollow source inside a delegating one fails at its own level
        Pair pair = new Pair(new Wrapper(new FakeSource(poll.provider())), hollow);
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> registry.register(pair, new Token(4), Interest.READABLE));
        assertTrue(nested.getMessage().contains(Scripted.class.getName()), nested.getMessage());
    }

    @Test
    void theUsersOwnExceptionReachesTheCallerUnchanged() throws IOException {
        IOException io = new IOException("handshake failed");
        Scripted throwing = new Scripted((registry, token, interests) -> {
            throw io;
        });
        assertSame(io, assertThrows(IOException.class, () -> registry.register(throwing, new Token(1), Interest.READABLE)));
        assertSame(io, assertThrows(IOException.class, () -> registry.reregister(throwing, new Token(1), Interest.READABLE)));
        assertSame(io, assertThrows(IOException.class, () -> registry.deregister(throwing)));
        IllegalStateException state = new IllegalStateException("not connected");
        Scripted unchecked = new Scripted((registry, token, interests) -> { // fails after delegating
            inner.register(registry, token, interests);
            throw state;
        });
        assertSame(state, assertThrows(IllegalStateException.class,
                () -> registry.register(unchecked, new Token(2), Interest.READABLE)));
        assertEquals(List.of("register 2 READABLE"), poll.registry.calls);
    }

    @Test
    void theChecksHoldThroughDelegation() throws IOException {
        Wrapper wrapper = new Wrapper(inner);
        registry.register(wrapper, new Token(1), Interest.READABLE);
        assertTrue(assertThrows(IllegalStateException.class,
                () -> registry.register(wrapper, new Token(2), Interest.READABLE)).getMessage().contains("already registered"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> registry.register(inner, new Token(2), Interest.READABLE)).getMessage().contains("already registered"));

        FakeSource closed = new FakeSource(poll.provider());
        closed.close();
        assertThrows(ClosedChannelException.class,
                () -> registry.register(new Wrapper(closed), new Token(3), Interest.READABLE));

        Wrapper foreign = new Wrapper(new FakeSource(new FakeBackend.Other()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register(foreign, new Token(4), Interest.READABLE));
        assertTrue(e.getMessage().contains("'fake-other'") && e.getMessage().contains("'fake-up'"), e.getMessage());

        assertTrue(assertThrows(NullPointerException.class,
                () -> registry.register(wrapper, null, Interest.READABLE)).getMessage().contains("token"));
        assertTrue(assertThrows(NullPointerException.class,
                () -> inner.register(null, new Token(1), Interest.READABLE)).getMessage().contains("registry"));
        assertEquals(List.of("register 1 READABLE"), poll.registry.calls);

        poll.close();
        assertThrows(ClosedPollException.class, () -> registry.reregister(wrapper, new Token(1), Interest.READABLE));
    }

    @Test
    void anIoSourceCanBeRegisteredDirectlyAsInMio() throws IOException {
        inner.register(registry, new Token(5), Interest.READABLE);
        inner.reregister(registry, new Token(6), Interest.READABLE);
        inner.deregister(registry);
        assertEquals(List.of("register 5 READABLE", "reregister 6 READABLE", "deregister"), poll.registry.calls);
    }

    @Test
    void dispatchThroughAUsersSourceAllocatesNothingInSteadyState() throws Throwable {
        MethodHandle allocated = allocationCounter();
        assumeTrue((long) allocated.invokeExact() >= 0, "this JVM has thread allocation counting disabled");
        Registry quiet = new Registry(poll.provider()) { // hooks that allocate nothing themselves
            @Override
            protected void implRegister(IoSource source, Token token, Interest interests) {
            }

            @Override
            protected void implReregister(IoSource source, Token token, Interest interests) {
            }

            @Override
            protected void implDeregister(IoSource source) {
            }

            @Override
            protected Waker implNewWaker(Token token) {
                throw new UnsupportedOperationException("no wakers here");
            }
        };
        Wrapper wrapper = new Wrapper(inner);
        Token a = new Token(1);
        Token b = new Token(2);
        long lowest = Long.MAX_VALUE;
        // passes until one allocates nothing: the JIT needs some to compile the loop
        for (int pass = 0; pass < 40 && lowest > 0; pass++) {
            long before = (long) allocated.invokeExact();
            for (int round = 0; round < 5_000; round++) {
                quiet.register(wrapper, a, Interest.READABLE);
                quiet.reregister(wrapper, b, Interest.WRITABLE);
                quiet.deregister(wrapper);
            }
            lowest = Math.min(lowest, (long) allocated.invokeExact() - before);
        }
        assertEquals(0, lowest, "bytes allocated per 5000 register, reregister and deregister calls");
    }

    /**
     * The calling thread's allocated bytes (HotSpot's {@code com.sun.management.ThreadMXBean}),
     * looked up at run time because module {@code io.mio}, which these tests are compiled into, does
     * not read {@code jdk.management}; an exact method handle, so reading it allocates nothing.
     */
    static MethodHandle allocationCounter() throws ReflectiveOperationException {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
        return MethodHandles.publicLookup()
                .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                .bindTo(threads);
    }
}
