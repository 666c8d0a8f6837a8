package io.mio.tck.containers.programs;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs inside a container whose descriptor limit is tiny (nofile=64): a server that keeps accepting
 * connections from its own clients until {@code accept} throws for the limit, keeps running,
 * closes a few connections and accepts again. Then every connection carries one byte, and the
 * program checks that no connection was accepted twice or never, no byte was lost or delivered
 * twice, and that after closing everything the process has as many descriptors as before.
 *
 * <p>Public API only. Prints one line {@code NOFILE VERDICT PASS ...} or {@code NOFILE VERDICT FAIL
 * reason=...} that the container test asserts on; exits 0 on PASS, 1 on FAIL.
 *
 * <p>Usage: {@code NofileAcceptProgram BACKEND}
 */
public final class NofileAcceptProgram {
    private static final Token LISTENER = new Token(0);
    /** -Dnofile.trace=true prints each step to stderr, to see where a failing run stopped. */
    private static final boolean TRACE = Boolean.getBoolean("nofile.trace");
    private static final Duration EVENT_WAIT = Duration.ofSeconds(5);
    /**
     * Pairs closed to recover: frees 8 descriptors, for at most 2 waiting connections, 2 new
     * clients and their 2 accepts, leaving 2 so the last accept finds none waiting, not EMFILE.
     */
    private static final int CLOSED_TO_RECOVER = 4;

    private final String backend;
    private final List<String> facts = new ArrayList<>();

    private NofileAcceptProgram(String backend) {
        this.backend = backend;
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "";
        NofileAcceptProgram program = new NofileAcceptProgram(backend);
        try {
            program.run();
            System.out.println("NOFILE VERDICT PASS backend=" + backend + " " + String.join(" ", program.facts));
            System.exit(0);
        } catch (Failure failure) {
            System.out.println("NOFILE VERDICT FAIL backend=" + backend + " reason=" + failure.getMessage()
                    + " | " + String.join(" ", program.facts));
        } catch (Throwable unexpected) {
            unexpected.printStackTrace(System.out);
            System.out.println("NOFILE VERDICT FAIL backend=" + backend + " reason=unexpected " + unexpected
                    + " | " + String.join(" ", program.facts));
        }
        System.exit(1);
    }

    private void run() throws Exception {
        fact("limit", nofileLimit());
        // one full cycle first, so that classes and whatever the backend opens once are in place
        // before the descriptors are counted
        try (Poll poll = Poll.open(backend);
             TcpListener listener = TcpListener.bind(loopback(0), poll.provider())) {
            try (TcpStream client = TcpStream.connect(listener.localAddress(), poll.provider())) {
                poll.registry().register(listener, LISTENER, Interest.READABLE);
                awaitListener(poll, Events.withCapacity(8));
                try (TcpStream server = listener.accept()) {
                    check(server != null, "warm-up connection not accepted");
                }
            }
        }
        int fdStart = openDescriptors();
        fact("fdStart", fdStart);

        Poll poll = Poll.open(backend);
        PollProvider provider = poll.provider();
        // a backlog above the limit: pending connections must wait in the kernel, not be refused
        TcpListener listener = TcpListener.bind(loopback(0), provider, 256, false);
        InetSocketAddress address = listener.localAddress();
        poll.registry().register(listener, LISTENER, Interest.READABLE);
        Events events = Events.withCapacity(64);

        // a connecting stream may not know its local port yet: clients are matched to their
        // accepted side by port only once accepted
        List<TcpStream> clients = new ArrayList<>();
        Map<Integer, TcpStream> servers = new HashMap<>();   // by the peer (client) port
        Set<Integer> everAccepted = new HashSet<>();

        // 1. connect two clients a round and accept them, until accept fails for the limit while a
        // connection is waiting. Linux's accept takes a descriptor before it looks at the queue, so
        // at the limit it fails with EMFILE even when none is waiting: such a failure is counted,
        // and the loop goes on until one leaves a connection waiting to be accepted later.
        IOException acceptFailure = null;
        int acceptFailures = 0;
        // whether the last accept ended in would-block: only then is an event due for the next
        // connection (the contract lets a backend stay silent after an accept that failed)
        boolean armed = true;
        for (int round = 0; round < 100; round++) {
            int connected = 0;
            for (int i = 0; i < 2; i++) {
                try {
                    clients.add(TcpStream.connect(address, provider));
                    connected++;
                } catch (IOException atLimit) {
                    trace("connect failed: " + atLimit);
                    break;   // out of descriptors on the client side: accepting will hit it too
                }
            }
            if (connected == 0) {
                // no descriptor left for even one client: free two, for the next round
                check(!servers.isEmpty(), "no descriptor for even one client");
                closePair(servers.keySet().iterator().next(), servers, clients);
                continue;
            }
            int target = everAccepted.size() + connected;
            trace("round " + round + ": connected " + connected + ", clients " + clients.size()
                    + ", accepted " + servers.size());
            IOException failure = null;
            while (everAccepted.size() < target && failure == null) {
                if (armed) {
                    awaitListener(poll, events);
                }
                try {
                    acceptAll(listener, servers, everAccepted);
                    armed = true;
                } catch (IOException limit) {
                    trace("accept failed: " + limit + ", accepted " + servers.size());
                    failure = limit;
                    armed = false;
                }
            }
            if (failure != null) {
                acceptFailures++;
                acceptFailure = failure;
                if (clients.size() > servers.size()) {   // one is waiting
                    break;
                }
            }
        }
        int pending = clients.size() - servers.size();   // both hold only open streams
        check(acceptFailure != null && pending > 0, "accept never failed with a connection waiting, in 100 rounds");
        fact("acceptError", "\"" + acceptFailure.getMessage() + "\"");
        fact("acceptFailures", acceptFailures);
        fact("connected", clients.size());
        fact("acceptedAtLimit", servers.size());
        fact("pending", pending);

        // 2. the poll goes on working at the limit
        poll.poll(events, Duration.ZERO);

        // 3. close a few connections, 4. accept the pending ones, then new ones through events
        List<Integer> toClose = servers.keySet().stream().limit(CLOSED_TO_RECOVER).toList();
        for (int port : toClose) {
            closePair(port, servers, clients);
        }
        int before = everAccepted.size();
        acceptAll(listener, servers, everAccepted);
        check(everAccepted.size() - before == pending,
                "after closing " + CLOSED_TO_RECOVER + " accepted " + (everAccepted.size() - before)
                        + " of " + pending + " pending connections");
        for (int i = 0; i < 2; i++) {
            clients.add(TcpStream.connect(address, provider));
        }
        int target = everAccepted.size() + 2;
        while (everAccepted.size() < target) {
            awaitListener(poll, events);
            acceptAll(listener, servers, everAccepted);
        }
        fact("acceptedAfterRecovery", pending + 2);
        Map<Integer, TcpStream> clientsByPort = byLocalPort(clients);
        check(servers.keySet().equals(clientsByPort.keySet()),
                "accepted peers " + servers.keySet() + " differ from connected clients " + clientsByPort.keySet());

        // 5. one byte per connection, each server side registered with its own token
        List<Integer> ports = new ArrayList<>(servers.keySet());
        for (int i = 0; i < ports.size(); i++) {
            poll.registry().register(servers.get(ports.get(i)), new Token(i + 1), Interest.READABLE);
        }
        for (int i = 0; i < ports.size(); i++) {
            int written = clientsByPort.get(ports.get(i)).write(ByteBuffer.wrap(new byte[] {(byte) i}));
            check(written == 1, "client " + i + " wrote " + written + " bytes");
        }
        int[] received = new int[ports.size()];
        int[] spurious = new int[1];
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (Arrays.stream(received).sum() < ports.size() && System.nanoTime() < deadline) {
            poll.poll(events, Duration.ofMillis(500));
            readAll(events, servers, ports, received, spurious);
        }
        // then one short look for bytes delivered twice
        poll.poll(events, Duration.ofMillis(200));
        readAll(events, servers, ports, received, spurious);
        for (int i = 0; i < received.length; i++) {
            check(received[i] == 1, "connection " + i + " received " + received[i] + " bytes, not 1 (lost or doubled)");
        }
        fact("connectionsChecked", ports.size());
        fact("spuriousEvents", spurious[0]);

        // 6. close everything: the descriptor count is back where it started
        for (TcpStream stream : servers.values()) {
            stream.close();
        }
        for (TcpStream stream : clients) {
            stream.close();
        }
        listener.close();
        poll.close();
        int fdEnd = openDescriptors();
        fact("fdEnd", fdEnd);
        check(fdEnd == fdStart, "descriptors leaked: " + fdStart + " at start, " + fdEnd + " after closing everything");
    }

    /** Reads each reported connection until would-block, checking every byte is its own index. */
    private static void readAll(Events events, Map<Integer, TcpStream> servers, List<Integer> ports, int[] received,
                                int[] spurious) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        for (Event event : events) {
            long token = event.token().value();
            if (token == LISTENER.value()) {
                continue;
            }
            check(token >= 1 && token <= ports.size(), "event for unknown token " + token);
            int index = (int) token - 1;
            int bytes = 0;
            int n;
            while ((n = servers.get(ports.get(index)).read(buffer.clear())) > 0) {
                for (int b = 0; b < n; b++) {
                    check(buffer.get(b) == (byte) index, "connection " + index + " got byte " + buffer.get(b));
                }
                bytes += n;
            }
            check(n == 0, "connection " + index + " reached end of stream");
            if (bytes == 0) {
                spurious[0]++;   // allowed by the contract; reported, not failed
            }
            received[index] += bytes;
        }
    }

    private static void closePair(int port, Map<Integer, TcpStream> servers, List<TcpStream> clients)
            throws IOException {
        servers.remove(port).close();
        TcpStream client = byLocalPort(clients).get(port);
        check(client != null, "no connected client on port " + port + " for an accepted connection");
        clients.remove(client);
        client.close();
    }

    private static Map<Integer, TcpStream> byLocalPort(List<TcpStream> clients) throws IOException {
        Map<Integer, TcpStream> byPort = new HashMap<>();
        for (TcpStream client : clients) {
            // peerAddress answers whether the non-blocking connect finished (step 4 of
            // TcpStream's connect); only then is the local port sure to be known
            if (client.peerAddress() == null) {
                continue;
            }
            InetSocketAddress local = client.localAddress();
            if (local != null && byPort.put(local.getPort(), client) != null) {
                throw new Failure("two clients on local port " + local.getPort());
            }
        }
        return byPort;
    }

    /** Accepts until would-block; an IOException (the limit) propagates with what was accepted kept. */
    private static void acceptAll(TcpListener listener, Map<Integer, TcpStream> servers, Set<Integer> everAccepted)
            throws IOException {
        TcpStream stream;
        while ((stream = listener.accept()) != null) {
            int peer = stream.peerAddress().getPort();
            if (!everAccepted.add(peer)) {
                throw new Failure("connection from port " + peer + " accepted twice");
            }
            servers.put(peer, stream);
        }
    }

    /** Polls until the listener is reported readable; none within the bound is a lost event. */
    private static void awaitListener(Poll poll, Events events) throws IOException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            poll.poll(events, Duration.ofMillis(500));
            for (Event event : events) {
                if (event.token().equals(LISTENER) && event.isReadable()) {
                    return;
                }
            }
        }
        throw new Failure("no readable event for the listener within " + EVENT_WAIT + " (lost)");
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    private static String nofileLimit() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .findFirst().orElse("unknown");
    }

    private static void trace(String step) {
        if (TRACE) {
            System.err.println("nofile: " + step);
        }
    }

    private void fact(String name, Object value) {
        facts.add(name + "=" + value);
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new Failure(failure);
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
