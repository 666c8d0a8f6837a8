package io.mio.iocp;

import io.mio.completion.CompletionDriver;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The Windows driver of the completion-port selector, as Rust mio's {@code sys/windows/afd.rs} and
 * {@code selector.rs}: one I/O completion port; {@code \Device\Afd} handles attached to it, one per
 * {@value #GROUP} slots (mio groups 32 sockets per handle); a poll is
 * {@code NtDeviceIoControlFile(IOCTL_AFD_POLL)} on the slot's handle, cancelled with
 * {@code NtCancelIoFileEx}; the wait is {@code GetQueuedCompletionStatusEx} into a preallocated
 * {@code OVERLAPPED_ENTRY} array; posts and the wake-up are {@code PostQueuedCompletionStatus}.
 *
 * <p><b>Slot memory.</b> Each slot has a record the kernel writes while its poll is in flight: its
 * {@code IO_STATUS_BLOCK}, its {@code AFD_POLL_INFO} and, after them, the slot's number. Records
 * live in chunks of {@value #CHUNK} that are never moved or freed while the port is open, and the
 * status block's address is the poll's context, so a completion's {@code lpOverlapped} leads back
 * to its slot without a lookup. The selector submits at most one request per slot at a time
 * ({@link CompletionDriver}), so one record per slot suffices.
 *
 * <p><b>Completions.</b> The status is read before the events: a cancelled poll keeps the events
 * it asked for ({@code STATUS_CANCELLED}); a failed one is {@link #FAILED}; {@code LOCAL_CLOSE}
 * (the socket was closed under its poll) is {@link #CLOSED}; else the AFD events are mapped as mio
 * maps them ({@code sys/windows/event.rs}). Requests take effect when made, so {@link #flush}
 * does nothing. All calls but {@link #await} and {@link #wake} run under the selector's lock.
 */
final class IocpDriver implements CompletionDriver {
    /** Slots per AFD handle, as mio's {@code POLL_GROUP__MAX_GROUP_SIZE}. */
    static final int GROUP = 32;
    /** Slot records per chunk of native memory. */
    static final int CHUNK = 64;
    /** Packets taken by one wait at most. */
    static final int ENTRIES = 1024;
    /** Completion keys: AFD polls, the selector's posts, the driver's wake-up. */
    private static final long KEY_AFD = 1;
    private static final long KEY_POST = 2;
    private static final long KEY_WAKE = 3;

    private static final long IOSB_SIZE = Win32.IO_STATUS_BLOCK.byteSize();
    private static final long INFO = IOSB_SIZE;
    private static final long INFO_EVENTS = INFO + Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles"), groupElement("Events"));
    private static final long INFO_HANDLE = INFO + Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles"), groupElement("Handle"));
    private static final long INFO_COUNT = INFO + Win32.AFD_POLL_INFO.byteOffset(groupElement("NumberOfHandles"));
    private static final long INFO_EXCLUSIVE = INFO + Win32.AFD_POLL_INFO.byteOffset(groupElement("Exclusive"));
    private static final long SLOT = INFO + Win32.AFD_POLL_INFO.byteSize();
    /** One slot's record: status block, poll info, the slot number (8-byte aligned). */
    private static final long RECORD = SLOT + 8;
    private static final long ENTRY = Win32.OVERLAPPED_ENTRY.byteSize();
    private static final long ENTRY_KEY = Win32.OVERLAPPED_ENTRY.byteOffset(groupElement("lpCompletionKey"));
    private static final long ENTRY_OVERLAPPED = Win32.OVERLAPPED_ENTRY.byteOffset(groupElement("lpOverlapped"));
    /**
     * Asked on every poll, even with nothing armed: reset, failed connect and the socket's close,
     * which end the watch once reported. Not the peer's shutdown (DISCONNECT): it holds for good,
     * so a watch for it alone would complete again at once, forever; it is asked with readable, as
     * mio's {@code interests_to_afd_flags} does.
     */
    private static final int ALWAYS = Win32.AFD_POLL_ABORT | Win32.AFD_POLL_CONNECT_FAIL | Win32.AFD_POLL_LOCAL_CLOSE;

    /** The records, entries and the port's names; left to the GC, since a closing port may still write a record. */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment port;
    /** The packets of the last wait: the poller's. */
    private final MemorySegment entries;
    private final MemorySegment removed;
    /** The cancellation's own status block (its outcome is the return value); guarded by the selector's lock. */
    private final MemorySegment cancelIosb;
    /** Slot record chunks; guarded by the selector's lock. */
    private MemorySegment[] chunks = new MemorySegment[4];
    /** AFD handles by group, opened on first use; guarded by the selector's lock. */
    private MemorySegment[] afds = new MemorySegment[4];
    /** The packets taken and not yet consumed: [first, first + available). */
    private int first;
    private int available;
    private boolean closed;

    private IocpDriver(MemorySegment port) {
        this.port = port;
        this.entries = arena.allocate(Win32.OVERLAPPED_ENTRY, ENTRIES);
        this.removed = arena.allocate(JAVA_INT);
        this.cancelIosb = arena.allocate(Win32.IO_STATUS_BLOCK);
    }

    /**
     * Opens a completion port (Winsock started first, once per process).
     *
     * @return the driver
     * @throws IOException if Winsock or the port cannot be set up
     */
    static IocpDriver open() throws IOException {
        Winsock.start();
        WinScratch s = WinScratch.get();
        MemorySegment port = Win32Calls.createIoCompletionPort(s.state, MemorySegment.ofAddress(-1), MemorySegment.NULL, 0);
        if (port.address() == 0) {
            throw new IOException(Winsock.message("CreateIoCompletionPort", Win32Calls.lastError(s.state)));
        }
        return new IocpDriver(port);
    }

    @Override
    public void submitPoll(long handle, int readiness, int slot) throws IOException {
        MemorySegment record = record(slot);
        record.set(JAVA_INT, 0, Win32.STATUS_PENDING);
        record.set(JAVA_LONG, INFO, Long.MAX_VALUE); // Timeout: none
        record.set(JAVA_INT, INFO_COUNT, 1);
        record.set(JAVA_INT, INFO_EXCLUSIVE, 0);
        record.set(JAVA_LONG, INFO_HANDLE, handle);
        record.set(JAVA_INT, INFO_EVENTS, afdEvents(readiness));
        MemorySegment iosb = record.asSlice(0, IOSB_SIZE);
        int status = Win32Calls.afdPoll(afd(slot), iosb, iosb, record.asSlice(INFO, Win32.AFD_POLL_INFO.byteSize()));
        if (status != Win32.STATUS_PENDING && status != Win32.STATUS_SUCCESS) {
            // refused at once (a socket AFD does not know): no packet comes, so post one that reports the failure
            record.set(JAVA_INT, 0, status);
            post(KEY_AFD, iosb, "NtDeviceIoControlFile(IOCTL_AFD_POLL)");
        }
        // STATUS_SUCCESS: completed at once, and its packet is queued all the same (no SKIP_COMPLETION_PORT_ON_SUCCESS)
    }

    @Override
    public void cancelPoll(long handle, int slot) throws IOException {
        int status = Win32Calls.ntCancelIoFileEx(afd(slot), record(slot).asSlice(0, IOSB_SIZE), cancelIosb);
        // NOT_FOUND: it completed already, and its packet is on the way
        if (status != Win32.STATUS_SUCCESS && status != Win32.STATUS_NOT_FOUND) {
            throw new IOException("NtCancelIoFileEx failed: NTSTATUS 0x" + Integer.toHexString(status));
        }
    }

    @Override
    public void post(int slot) throws IOException {
        post(KEY_POST, record(slot), "PostQueuedCompletionStatus");
    }

    private void post(long key, MemorySegment overlapped, String call) throws IOException {
        WinScratch s = WinScratch.get();
        if (Win32Calls.postQueuedCompletionStatus(s.state, port, 0, key, overlapped) == 0) {
            throw new IOException(Winsock.message(call, Win32Calls.lastError(s.state)));
        }
    }

    @Override
    public void flush() {
        // every request was made at once
    }

    @Override
    public int await(long timeoutNanos) throws IOException {
        if (available > 0) {
            return available; // left by the last call: the caller's events were full
        }
        // a timeout below a millisecond waits one, so 0.5 ms is not a busy loop (as mio's epoll rounds up)
        int millis = timeoutNanos < 0 ? Win32.INFINITE
                : (int) Math.min((timeoutNanos + 999_999) / 1_000_000, Integer.MAX_VALUE - 1);
        WinScratch s = WinScratch.get();
        if (Win32Calls.getQueuedCompletionStatusEx(s.state, port, entries, ENTRIES, removed, millis) == 0) {
            int error = Win32Calls.lastError(s.state);
            if (error == Win32.WAIT_TIMEOUT) {
                return 0;
            }
            throw new IOException(Winsock.message("GetQueuedCompletionStatusEx", error));
        }
        first = 0;
        available = removed.get(JAVA_INT, 0);
        return available;
    }

    @Override
    public int slot(int i) {
        long entry = (first + i) * ENTRY;
        if (entries.get(JAVA_LONG, entry + ENTRY_KEY) == KEY_WAKE) {
            return -1;
        }
        return recordAt(entry).get(JAVA_INT, SLOT);
    }

    @Override
    public int result(int i) {
        long entry = (first + i) * ENTRY;
        long key = entries.get(JAVA_LONG, entry + ENTRY_KEY);
        if (key != KEY_AFD) {
            return 0; // a post: the selector knows what it was for
        }
        MemorySegment record = recordAt(entry);
        int status = record.get(JAVA_INT, 0); // before the events: a cancelled poll keeps the ones it asked for
        if (status == Win32.STATUS_CANCELLED) {
            return CANCELLED;
        }
        if (status < 0) {
            return FAILED; // an NTSTATUS error
        }
        return readiness(record.get(JAVA_INT, INFO_EVENTS));
    }

    @Override
    public void consume(int n) {
        first += n;
        available -= n;
    }

    @Override
    public void wake() throws IOException {
        post(KEY_WAKE, MemorySegment.NULL, "PostQueuedCompletionStatus");
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        WinScratch s = WinScratch.get();
        IOException failure = null;
        for (MemorySegment afd : afds) {
            // closing an AFD handle cancels its polls; the records stay mapped until the GC frees them
            if (afd != null && Win32Calls.closeHandle(s.state, afd) == 0 && failure == null) {
                failure = new IOException(Winsock.message("CloseHandle(AFD)", Win32Calls.lastError(s.state)));
            }
        }
        if (Win32Calls.closeHandle(s.state, port) == 0 && failure == null) {
            failure = new IOException(Winsock.message("CloseHandle(port)", Win32Calls.lastError(s.state)));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** {@return the record of the packet at {@code entry}: its lpOverlapped is the record's address} */
    private MemorySegment recordAt(long entry) {
        // safe because every lpOverlapped this port sees is the start of a record of ours (KEY_WAKE aside)
        return entries.get(ADDRESS, entry + ENTRY_OVERLAPPED).reinterpret(RECORD);
    }

    /** {@return the record of a slot, its chunk made on first use} */
    private MemorySegment record(int slot) {
        int chunk = slot / CHUNK;
        if (chunk >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(chunk + 1, chunks.length * 2));
        }
        MemorySegment c = chunks[chunk];
        if (c == null) {
            c = arena.allocate(RECORD * CHUNK, 8);
            for (int i = 0; i < CHUNK; i++) {
                c.set(JAVA_INT, i * RECORD + SLOT, chunk * CHUNK + i);
            }
            chunks[chunk] = c;
        }
        return c.asSlice((slot % CHUNK) * RECORD, RECORD);
    }

    /** {@return the AFD handle of a slot's group, opened and attached to the port on first use} */
    private MemorySegment afd(int slot) throws IOException {
        int group = slot / GROUP;
        if (group >= afds.length) {
            afds = Arrays.copyOf(afds, Math.max(group + 1, afds.length * 2));
        }
        MemorySegment afd = afds[group];
        if (afd == null) {
            afd = openAfd(port, KEY_AFD);
            afds[group] = afd;
        }
        return afd;
    }

    /**
     * Opens {@code \Device\Afd\Mio} as mio does: attached to {@code port} with {@code key}, no
     * event set on completion.
     *
     * @param port the completion port
     * @param key the completion key of its packets
     * @return the AFD handle
     * @throws IOException if it cannot be opened or attached
     */
    static MemorySegment openAfd(MemorySegment port, long key) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            byte[] name = "\\Device\\Afd\\Mio".getBytes(StandardCharsets.UTF_16LE);
            MemorySegment buffer = call.allocate(name.length, 2);
            buffer.copyFrom(MemorySegment.ofArray(name));
            MemorySegment unicode = call.allocate(Win32.UNICODE_STRING);
            unicode.set(JAVA_SHORT, Win32.UNICODE_STRING.byteOffset(groupElement("Length")), (short) name.length);
            unicode.set(JAVA_SHORT, Win32.UNICODE_STRING.byteOffset(groupElement("MaximumLength")), (short) name.length);
            unicode.set(ADDRESS, Win32.UNICODE_STRING.byteOffset(groupElement("Buffer")), buffer);
            MemorySegment attributes = call.allocate(Win32.OBJECT_ATTRIBUTES);
            attributes.set(JAVA_INT, 0, (int) Win32.OBJECT_ATTRIBUTES.byteSize());
            attributes.set(ADDRESS, Win32.OBJECT_ATTRIBUTES.byteOffset(groupElement("ObjectName")), unicode);
            MemorySegment handle = call.allocate(ADDRESS);
            int status = Win32Calls.ntCreateAfd(handle, attributes, call.allocate(Win32.IO_STATUS_BLOCK));
            if (status != Win32.STATUS_SUCCESS) {
                throw new IOException("NtCreateFile(\\Device\\Afd\\Mio) failed: NTSTATUS 0x" + Integer.toHexString(status));
            }
            MemorySegment afd = handle.get(ADDRESS, 0);
            WinScratch s = WinScratch.get();
            if (Win32Calls.createIoCompletionPort(s.state, afd, port, key).address() == 0
                    || Win32Calls.setFileCompletionNotificationModes(s.state, afd, Win32.FILE_SKIP_SET_EVENT_ON_HANDLE) == 0) {
                int error = Win32Calls.lastError(s.state);
                Win32Calls.closeHandle(s.state, afd);
                throw new IOException(Winsock.message("attaching \\Device\\Afd\\Mio to the port", error));
            }
            return afd;
        }
    }

    /** {@return the AFD events of a poll for {@link Readiness} kinds} */
    static int afdEvents(int readiness) {
        int events = ALWAYS;
        if ((readiness & Readiness.READABLE) != 0) {
            events |= Win32.AFD_POLL_RECEIVE | Win32.AFD_POLL_ACCEPT | Win32.AFD_POLL_DISCONNECT;
        }
        if ((readiness & Readiness.WRITABLE) != 0) {
            events |= Win32.AFD_POLL_SEND;
        }
        if ((readiness & Readiness.PRIORITY) != 0) {
            events |= Win32.AFD_POLL_RECEIVE_EXPEDITED;
        }
        return events;
    }

    /**
     * The {@link Readiness} of reported AFD events, as mio's {@code event.rs} reads them: a failed
     * connect is an error and both closes, a reset (ABORT) both closes, a peer's shutdown
     * (DISCONNECT) read-closed; each also readable (and the first two writable), so a read or write
     * finds the end or the error. {@code LOCAL_CLOSE}: {@link #CLOSED}.
     */
    static int readiness(int events) {
        if ((events & Win32.AFD_POLL_LOCAL_CLOSE) != 0) {
            return CLOSED;
        }
        int r = 0;
        if ((events & (Win32.AFD_POLL_RECEIVE | Win32.AFD_POLL_ACCEPT)) != 0) {
            r |= Readiness.READABLE;
        }
        if ((events & Win32.AFD_POLL_RECEIVE_EXPEDITED) != 0) {
            r |= Readiness.PRIORITY;
        }
        if ((events & Win32.AFD_POLL_SEND) != 0) {
            r |= Readiness.WRITABLE;
        }
        if ((events & Win32.AFD_POLL_DISCONNECT) != 0) {
            r |= Readiness.READABLE | Readiness.READ_CLOSED;
        }
        if ((events & Win32.AFD_POLL_ABORT) != 0) {
            r |= Readiness.READABLE | Readiness.WRITABLE | Readiness.READ_CLOSED | Readiness.WRITE_CLOSED;
        }
        if ((events & Win32.AFD_POLL_CONNECT_FAIL) != 0) {
            r |= Readiness.READABLE | Readiness.WRITABLE | Readiness.ERROR | Readiness.READ_CLOSED
                    | Readiness.WRITE_CLOSED;
        }
        return r;
    }
}
