package io.mio.iocp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The driver's downcalls, through FFM, into the Win32 functions: on Linux those of the shim the
 * build made (the surefire configuration sets {@value IocpProvider#SHIM_PROPERTY}), on Windows the
 * system's. One AFD round trip and the error paths: what the driver will do, minus its state machine.
 */
@Timeout(30)
class Win32CallsTest {
    private static final long INVALID_SOCKET = -1;
    private static final long AFD_KEY = 0xAFD;
    private static final long EVENTS = Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles"), groupElement("Events"));
    private static final long HANDLE = Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles"), groupElement("Handle"));

    private Arena arena;
    private MemorySegment state;
    private MemorySegment port;

    @BeforeEach
    void openPort() {
        String shim = IocpProvider.shim();
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        assumeTrue(windows || (shim != null && Files.isRegularFile(Path.of(shim))),
                "neither Windows nor the Win32 shim (" + shim + "; gcc missing? see SKIPPED in the build log)");
        arena = Arena.ofConfined();
        state = Win32Calls.newCallState(arena);
        assertEquals(0, Win32Calls.wsaStartup(arena.allocate(408, 8)), "WSAStartup");
        port = Win32Calls.createIoCompletionPort(state, MemorySegment.ofAddress(-1), MemorySegment.NULL, 0);
        assertNotEquals(0, port.address(), () -> "CreateIoCompletionPort: " + Win32Calls.lastError(state));
    }

    @AfterEach
    void closePort() {
        if (arena != null) {
            assertNotEquals(0, Win32Calls.closeHandle(state, port), "CloseHandle");
            arena.close();
        }
    }

    @Test
    void postedPacketComesBackAndAnEmptyWaitTimesOut() {
        MemorySegment entries = arena.allocate(Win32.OVERLAPPED_ENTRY, 4);
        MemorySegment removed = arena.allocate(JAVA_INT);
        MemorySegment marker = arena.allocate(Win32.OVERLAPPED);
        assertNotEquals(0, Win32Calls.postQueuedCompletionStatus(state, port, 42, 0x5057, marker));
        assertNotEquals(0, Win32Calls.getQueuedCompletionStatusEx(state, port, entries, 4, removed, 0));
        assertEquals(1, removed.get(JAVA_INT, 0));
        assertEquals(0x5057, entries.get(JAVA_LONG, offset("lpCompletionKey")));
        assertEquals(marker.address(), entries.get(ADDRESS, offset("lpOverlapped")).address());
        assertEquals(42, entries.get(JAVA_INT, offset("dwNumberOfBytesTransferred")));

        assertEquals(0, Win32Calls.getQueuedCompletionStatusEx(state, port, entries, 4, removed, 0));
        assertEquals(Win32.WAIT_TIMEOUT, Win32Calls.lastError(state), "GetLastError after an empty wait");
    }

    @Test
    void afdPollOnAListenerCompletesWithAcceptAndACancelledPollWithStatusCancelled() {
        MemorySegment afd = openAfd();
        long listener = socket();
        MemorySegment address = loopback(0);
        assertEquals(0, Win32Calls.bind(state, listener, address), () -> "bind: " + Win32Calls.wsaLastError(state));
        assertEquals(0, Win32Calls.listen(state, listener, 16));
        MemorySegment length = arena.allocate(JAVA_INT);
        length.set(JAVA_INT, 0, (int) address.byteSize());
        assertEquals(0, Win32Calls.getsockname(state, listener, address, length));
        MemorySegment base = arena.allocate(JAVA_LONG);
        MemorySegment bytes = arena.allocate(JAVA_INT);
        assertEquals(0, Win32Calls.wsaIoctlSocket(state, listener, Win32.SIO_BASE_HANDLE, base, bytes));
        assertEquals(listener, base.get(JAVA_LONG, 0), "SIO_BASE_HANDLE");

        assertEquals(INVALID_SOCKET, Win32Calls.accept(state, listener, MemorySegment.NULL, MemorySegment.NULL));
        assertEquals(Win32.WSAEWOULDBLOCK, Win32Calls.wsaLastError(state), "WSAGetLastError after accept");

        MemorySegment iosb = arena.allocate(Win32.IO_STATUS_BLOCK);
        MemorySegment info = pollInfo(listener, Win32.AFD_POLL_ACCEPT | Win32.AFD_POLL_LOCAL_CLOSE);
        MemorySegment context = arena.allocate(8);
        assertEquals(Win32.STATUS_PENDING, Win32Calls.afdPoll(afd, context, iosb, info));
        long client = socket();
        assertEquals(-1, Win32Calls.connect(state, client, address));
        assertEquals(Win32.WSAEWOULDBLOCK, Win32Calls.wsaLastError(state), "WSAGetLastError after connect");
        MemorySegment entry = waitOne();
        assertEquals(AFD_KEY, entry.get(JAVA_LONG, offset("lpCompletionKey")));
        assertEquals(context.address(), entry.get(ADDRESS, offset("lpOverlapped")).address());
        assertEquals(Win32.STATUS_SUCCESS, iosb.get(JAVA_INT, 0));
        assertEquals(Win32.AFD_POLL_ACCEPT, info.get(JAVA_INT, EVENTS) & Win32.AFD_POLL_ACCEPT);

        // the client has no data: its RECEIVE poll is pending until cancelled
        MemorySegment receiveIosb = arena.allocate(Win32.IO_STATUS_BLOCK);
        MemorySegment receiveInfo = pollInfo(client, Win32.AFD_POLL_RECEIVE);
        assertEquals(Win32.STATUS_PENDING, Win32Calls.afdPoll(afd, context, receiveIosb, receiveInfo));
        MemorySegment cancelIosb = arena.allocate(Win32.IO_STATUS_BLOCK);
        assertEquals(Win32.STATUS_SUCCESS, Win32Calls.ntCancelIoFileEx(afd, receiveIosb, cancelIosb));
        waitOne();
        assertEquals(Win32.STATUS_CANCELLED, receiveIosb.get(JAVA_INT, 0));
        assertEquals(Win32.STATUS_NOT_FOUND, Win32Calls.ntCancelIoFileEx(afd, receiveIosb, cancelIosb));

        assertEquals(0, Win32Calls.closesocket(state, client));
        assertEquals(0, Win32Calls.closesocket(state, listener));
        assertNotEquals(0, Win32Calls.closeHandle(state, afd));
    }

    private static long offset(String member) {
        return Win32.OVERLAPPED_ENTRY.byteOffset(groupElement(member));
    }

    private MemorySegment openAfd() {
        try {
            return IocpDriver.openAfd(port, AFD_KEY); // NtCreateFile, CreateIoCompletionPort, the notification mode
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private long socket() {
        long socket = Win32Calls.socket(state, Win32.AF_INET, Win32.SOCK_STREAM, 0);
        assertNotEquals(INVALID_SOCKET, socket, () -> "socket: " + Win32Calls.wsaLastError(state));
        MemorySegment on = arena.allocate(JAVA_INT);
        on.set(JAVA_INT, 0, 1);
        assertEquals(0, Win32Calls.ioctlsocket(state, socket, Win32.FIONBIO, on));
        return socket;
    }

    private MemorySegment loopback(int port) {
        MemorySegment address = arena.allocate(Win32.SOCKADDR_IN);
        address.set(JAVA_SHORT, 0, (short) Win32.AF_INET);
        address.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        address.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7F00_0001);
        return address;
    }

    private MemorySegment pollInfo(long socket, int events) {
        MemorySegment info = arena.allocate(Win32.AFD_POLL_INFO);
        info.set(JAVA_LONG, 0, Long.MAX_VALUE);
        info.set(JAVA_INT, Win32.AFD_POLL_INFO.byteOffset(groupElement("NumberOfHandles")), 1);
        info.set(JAVA_LONG, HANDLE, socket);
        info.set(JAVA_INT, EVENTS, events);
        return info;
    }

    private MemorySegment waitOne() {
        MemorySegment entries = arena.allocate(Win32.OVERLAPPED_ENTRY);
        MemorySegment removed = arena.allocate(JAVA_INT);
        assertNotEquals(0, Win32Calls.getQueuedCompletionStatusEx(state, port, entries, 1, removed, 5000),
                () -> "GetQueuedCompletionStatusEx: " + Win32Calls.lastError(state));
        assertEquals(1, removed.get(JAVA_INT, 0));
        return entries;
    }
}
