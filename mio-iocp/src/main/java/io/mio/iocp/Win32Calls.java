package io.mio.iocp;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The downcalls of the AFD/IOCP driver into ntdll, kernel32 and ws2_32: one handle per function,
 * made once, called with {@code invokeExact}.
 *
 * <p>Where the functions come from: Windows' own DLLs, or, when the system property
 * {@value IocpProvider#SHIM_PROPERTY} names one, the Win32 shim for Linux, which exports the same
 * names with the same ABI (LLP64 types, Windows' constants). Touch this class only where one of
 * the two is there: its initialization fails otherwise.
 *
 * <p>Errors. Every function that reports failure through {@code GetLastError} or
 * {@code WSAGetLastError} takes a call-state segment first ({@link #newCallState}, owned by one
 * thread at a time): on Windows the linker saves both values there right after the call
 * ({@code captureCallState}), because the JVM may overwrite them before Java could ask; with the
 * shim, whose error slot the JVM never touches, the segment is a placeholder and
 * {@link #lastError}/{@link #wsaLastError} ask the shim. The {@code Nt*} functions return their
 * {@code NTSTATUS} and take no state.
 */
final class Win32Calls {
    /** The shim library's path, or null for Windows' DLLs. */
    static final String SHIM = IocpProvider.shim();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final AddressLayout HANDLE = ADDRESS;
    /** {@code SOCKET} is a {@code UINT_PTR}. */
    private static final MemoryLayout SOCKET = JAVA_LONG;
    private static final SymbolLookup LOOKUP = SHIM != null
            ? SymbolLookup.libraryLookup(Path.of(SHIM), Arena.global())
            : SymbolLookup.libraryLookup("ntdll", Arena.global())
                    .or(SymbolLookup.libraryLookup("kernel32", Arena.global()))
                    .or(SymbolLookup.libraryLookup("ws2_32", Arena.global()));

    private static final StructLayout CAPTURE_LAYOUT = SHIM != null ? null : Linker.Option.captureStateLayout();
    private static final Linker.Option CAPTURE = SHIM != null ? null
            : Linker.Option.captureCallState("GetLastError", "WSAGetLastError");
    private static final VarHandle GET_LAST_ERROR$VH = SHIM != null ? null
            : CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));
    private static final VarHandle WSA_GET_LAST_ERROR$VH = SHIM != null ? null
            : CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("WSAGetLastError"));
    private static final MethodHandle GetLastError$mh = SHIM == null ? null
            : plain("GetLastError", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle WSAGetLastError$mh = SHIM == null ? null
            : plain("WSAGetLastError", FunctionDescriptor.of(JAVA_INT));

    private static final MethodHandle NtCreateFile$mh = plain("NtCreateFile", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle NtDeviceIoControlFile$mh = plain("NtDeviceIoControlFile",
            FunctionDescriptor.of(JAVA_INT, HANDLE, HANDLE, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                    ADDRESS, JAVA_INT));
    private static final MethodHandle NtCancelIoFileEx$mh = plain("NtCancelIoFileEx",
            FunctionDescriptor.of(JAVA_INT, HANDLE, ADDRESS, ADDRESS));
    private static final MethodHandle CreateIoCompletionPort$mh = capturing("CreateIoCompletionPort",
            FunctionDescriptor.of(HANDLE, HANDLE, HANDLE, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SetFileCompletionNotificationModes$mh = capturing(
            "SetFileCompletionNotificationModes", FunctionDescriptor.of(JAVA_INT, HANDLE, JAVA_BYTE));
    private static final MethodHandle GetQueuedCompletionStatusEx$mh = capturing("GetQueuedCompletionStatusEx",
            FunctionDescriptor.of(JAVA_INT, HANDLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle PostQueuedCompletionStatus$mh = capturing("PostQueuedCompletionStatus",
            FunctionDescriptor.of(JAVA_INT, HANDLE, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle CloseHandle$mh = capturing("CloseHandle", FunctionDescriptor.of(JAVA_INT, HANDLE));
    private static final MethodHandle WSAStartup$mh = plain("WSAStartup",
            FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    private static final MethodHandle socket$mh = capturing("socket",
            FunctionDescriptor.of(SOCKET, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle closesocket$mh = capturing("closesocket", FunctionDescriptor.of(JAVA_INT, SOCKET));
    private static final MethodHandle bind$mh = capturing("bind",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT));
    private static final MethodHandle listen$mh = capturing("listen", FunctionDescriptor.of(JAVA_INT, SOCKET, JAVA_INT));
    private static final MethodHandle accept$mh = capturing("accept",
            FunctionDescriptor.of(SOCKET, SOCKET, ADDRESS, ADDRESS));
    private static final MethodHandle connect$mh = capturing("connect",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT));
    private static final MethodHandle getsockname$mh = capturing("getsockname",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, ADDRESS));
    private static final MethodHandle ioctlsocket$mh = capturing("ioctlsocket",
            FunctionDescriptor.of(JAVA_INT, SOCKET, JAVA_INT, ADDRESS));
    private static final MethodHandle WSAIoctl$mh = capturing("WSAIoctl", FunctionDescriptor.of(JAVA_INT,
            SOCKET, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    private static final MethodHandle send$mh = capturing("send",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle recv$mh = capturing("recv",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle sendto$mh = capturing("sendto",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle recvfrom$mh = capturing("recvfrom",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle shutdown$mh = capturing("shutdown",
            FunctionDescriptor.of(JAVA_INT, SOCKET, JAVA_INT));
    private static final MethodHandle getpeername$mh = capturing("getpeername",
            FunctionDescriptor.of(JAVA_INT, SOCKET, ADDRESS, ADDRESS));
    private static final MethodHandle setsockopt$mh = capturing("setsockopt",
            FunctionDescriptor.of(JAVA_INT, SOCKET, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle getsockopt$mh = capturing("getsockopt",
            FunctionDescriptor.of(JAVA_INT, SOCKET, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private Win32Calls() {
    }

    private static MemorySegment find(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new LinkageError(
                "Win32 function " + name + " not found in " + (SHIM != null ? SHIM : "ntdll, kernel32, ws2_32")));
    }

    /** A function that reports through its result alone ({@code NTSTATUS}, a Winsock error code). */
    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor);
    }

    /** A function that sets the last error: its handle takes the call-state segment first. */
    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        if (SHIM != null) {
            return MethodHandles.dropArguments(LINKER.downcallHandle(find(name), descriptor), 0, MemorySegment.class);
        }
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE);
    }

    /**
     * A call-state segment, for one thread at a time.
     *
     * @param arena the arena it lives in
     * @return the segment
     */
    static MemorySegment newCallState(Arena arena) {
        return SHIM != null ? arena.allocate(JAVA_INT) : arena.allocate(CAPTURE_LAYOUT);
    }

    /**
     * {@code GetLastError} of the last failed call made with {@code state} on this thread.
     *
     * @param state the segment passed to that call
     * @return the error
     */
    static int lastError(MemorySegment state) {
        try {
            return SHIM != null ? (int) GetLastError$mh.invokeExact() : (int) GET_LAST_ERROR$VH.get(state, 0L);
        } catch (Throwable e) {
            throw new AssertionError("GetLastError downcall", e);
        }
    }

    /**
     * {@code WSAGetLastError} of the last failed Winsock call made with {@code state} on this thread.
     *
     * @param state the segment passed to that call
     * @return the error
     */
    static int wsaLastError(MemorySegment state) {
        try {
            return SHIM != null ? (int) WSAGetLastError$mh.invokeExact() : (int) WSA_GET_LAST_ERROR$VH.get(state, 0L);
        } catch (Throwable e) {
            throw new AssertionError("WSAGetLastError downcall", e);
        }
    }

    // ---- ntdll ----

    /**
     * {@code NtCreateFile}: opens {@code \Device\Afd\...} as mio does (the other arguments fixed).
     *
     * @param handle out: the {@code HANDLE}
     * @param attributes an {@link Win32#OBJECT_ATTRIBUTES} naming the device
     * @param iosb an {@link Win32#IO_STATUS_BLOCK}
     * @return the {@code NTSTATUS}
     */
    static int ntCreateAfd(MemorySegment handle, MemorySegment attributes, MemorySegment iosb) {
        try {
            return (int) NtCreateFile$mh.invokeExact(handle, Win32.SYNCHRONIZE, attributes, iosb, MemorySegment.NULL, 0,
                    Win32.FILE_SHARE_READ | Win32.FILE_SHARE_WRITE, Win32.FILE_OPEN, 0, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new AssertionError("NtCreateFile downcall", e);
        }
    }

    /**
     * {@code NtDeviceIoControlFile(afd, NULL, NULL, context, iosb, IOCTL_AFD_POLL, info, size, info, size)}.
     *
     * @param afd the AFD handle
     * @param context comes back as the packet's {@code lpOverlapped}
     * @param iosb the poll's {@link Win32#IO_STATUS_BLOCK}, untouched until the poll completes
     * @param info the poll's {@link Win32#AFD_POLL_INFO}, input and output, as long-lived as {@code iosb}
     * @return {@link Win32#STATUS_SUCCESS}, {@link Win32#STATUS_PENDING} or a failure
     */
    static int afdPoll(MemorySegment afd, MemorySegment context, MemorySegment iosb, MemorySegment info) {
        int size = (int) Win32.AFD_POLL_INFO.byteSize();
        try {
            return (int) NtDeviceIoControlFile$mh.invokeExact(afd, MemorySegment.NULL, MemorySegment.NULL, context,
                    iosb, Win32.IOCTL_AFD_POLL, info, size, info, size);
        } catch (Throwable e) {
            throw new AssertionError("NtDeviceIoControlFile downcall", e);
        }
    }

    /**
     * {@code NtCancelIoFileEx}: cancels the poll of {@code iosb}.
     *
     * @param afd the AFD handle the poll was submitted on
     * @param iosb the poll's status block
     * @param cancelIosb a status block for the cancellation itself
     * @return {@link Win32#STATUS_SUCCESS}, {@link Win32#STATUS_NOT_FOUND} (already completed) or a failure
     */
    static int ntCancelIoFileEx(MemorySegment afd, MemorySegment iosb, MemorySegment cancelIosb) {
        try {
            return (int) NtCancelIoFileEx$mh.invokeExact(afd, iosb, cancelIosb);
        } catch (Throwable e) {
            throw new AssertionError("NtCancelIoFileEx downcall", e);
        }
    }

    // ---- kernel32 ----

    /**
     * {@code CreateIoCompletionPort}: a new port ({@code file} = {@code INVALID_HANDLE_VALUE},
     * {@code existing} = NULL) or {@code file} attached to {@code existing} with {@code key}.
     *
     * @param state the call state
     * @param file a handle, or {@code INVALID_HANDLE_VALUE}
     * @param existing the port, or NULL
     * @param key the completion key of {@code file}'s packets
     * @return the port, or NULL ({@link #lastError})
     */
    static MemorySegment createIoCompletionPort(MemorySegment state, MemorySegment file, MemorySegment existing, long key) {
        try {
            return (MemorySegment) CreateIoCompletionPort$mh.invokeExact(state, file, existing, key, 0);
        } catch (Throwable e) {
            throw new AssertionError("CreateIoCompletionPort downcall", e);
        }
    }

    /**
     * {@code SetFileCompletionNotificationModes}.
     *
     * @param state the call state
     * @param handle the handle
     * @param flags {@link Win32#FILE_SKIP_SET_EVENT_ON_HANDLE} and the like
     * @return nonzero on success, else 0 ({@link #lastError})
     */
    static int setFileCompletionNotificationModes(MemorySegment state, MemorySegment handle, int flags) {
        try {
            return (int) SetFileCompletionNotificationModes$mh.invokeExact(state, handle, (byte) flags);
        } catch (Throwable e) {
            throw new AssertionError("SetFileCompletionNotificationModes downcall", e);
        }
    }

    /**
     * {@code GetQueuedCompletionStatusEx(port, entries, count, removed, millis, FALSE)}: may wait.
     *
     * @param state the call state
     * @param port the port
     * @param entries {@code count} {@link Win32#OVERLAPPED_ENTRY}s
     * @param count how many at most
     * @param removed out: a {@code ULONG}, how many were taken
     * @param millis the wait's limit; {@link Win32#INFINITE} for none
     * @return nonzero with packets, else 0 ({@link #lastError}: {@link Win32#WAIT_TIMEOUT} when none came)
     */
    static int getQueuedCompletionStatusEx(MemorySegment state, MemorySegment port, MemorySegment entries, int count,
                                           MemorySegment removed, int millis) {
        try {
            return (int) GetQueuedCompletionStatusEx$mh.invokeExact(state, port, entries, count, removed, millis, 0);
        } catch (Throwable e) {
            throw new AssertionError("GetQueuedCompletionStatusEx downcall", e);
        }
    }

    /**
     * {@code PostQueuedCompletionStatus}: the waker's and user events' packet.
     *
     * @param state the call state
     * @param port the port
     * @param bytes the packet's byte count
     * @param key its completion key
     * @param overlapped its {@code lpOverlapped}
     * @return nonzero on success, else 0 ({@link #lastError})
     */
    static int postQueuedCompletionStatus(MemorySegment state, MemorySegment port, int bytes, long key,
                                          MemorySegment overlapped) {
        try {
            return (int) PostQueuedCompletionStatus$mh.invokeExact(state, port, bytes, key, overlapped);
        } catch (Throwable e) {
            throw new AssertionError("PostQueuedCompletionStatus downcall", e);
        }
    }

    /**
     * {@code CloseHandle}.
     *
     * @param state the call state
     * @param handle a port or AFD handle
     * @return nonzero on success, else 0 ({@link #lastError})
     */
    static int closeHandle(MemorySegment state, MemorySegment handle) {
        try {
            return (int) CloseHandle$mh.invokeExact(state, handle);
        } catch (Throwable e) {
            throw new AssertionError("CloseHandle downcall", e);
        }
    }

    // ---- ws2_32 ----

    /**
     * {@code WSAStartup(MAKEWORD(2, 2), data)}.
     *
     * @param data a {@code WSADATA} (408 bytes on 64-bit Windows)
     * @return 0, or the Winsock error
     */
    static int wsaStartup(MemorySegment data) {
        try {
            return (int) WSAStartup$mh.invokeExact((short) 0x0202, data);
        } catch (Throwable e) {
            throw new AssertionError("WSAStartup downcall", e);
        }
    }

    /**
     * {@code socket}.
     *
     * @param state the call state
     * @param family {@link Win32#AF_INET}, {@link Win32#AF_INET6} or {@link Win32#AF_UNIX}
     * @param type {@link Win32#SOCK_STREAM} or {@link Win32#SOCK_DGRAM}
     * @param protocol 0 for the family's default
     * @return the socket, or {@code INVALID_SOCKET} (-1; {@link #wsaLastError})
     */
    static long socket(MemorySegment state, int family, int type, int protocol) {
        try {
            return (long) socket$mh.invokeExact(state, family, type, protocol);
        } catch (Throwable e) {
            throw new AssertionError("socket downcall", e);
        }
    }

    /**
     * {@code closesocket}.
     *
     * @param state the call state
     * @param socket the socket
     * @return 0, or {@code SOCKET_ERROR} (-1; {@link #wsaLastError})
     */
    static int closesocket(MemorySegment state, long socket) {
        try {
            return (int) closesocket$mh.invokeExact(state, socket);
        } catch (Throwable e) {
            throw new AssertionError("closesocket downcall", e);
        }
    }

    /**
     * {@code bind}.
     *
     * @param state the call state
     * @param socket the socket
     * @param address a {@link Win32#SOCKADDR_IN}, {@link Win32#SOCKADDR_IN6} or {@link Win32#SOCKADDR_UN}
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int bind(MemorySegment state, long socket, MemorySegment address) {
        try {
            return (int) bind$mh.invokeExact(state, socket, address, (int) address.byteSize());
        } catch (Throwable e) {
            throw new AssertionError("bind downcall", e);
        }
    }

    /**
     * {@code listen}.
     *
     * @param state the call state
     * @param socket the socket
     * @param backlog the backlog
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int listen(MemorySegment state, long socket, int backlog) {
        try {
            return (int) listen$mh.invokeExact(state, socket, backlog);
        } catch (Throwable e) {
            throw new AssertionError("listen downcall", e);
        }
    }

    /**
     * {@code accept}; the accepted socket has the listener's blocking mode.
     *
     * @param state the call state
     * @param socket the listener
     * @param address out: the peer's address, or NULL
     * @param length in and out: {@code address}'s size as an {@code int}, or NULL
     * @return the socket, or {@code INVALID_SOCKET} (-1; {@link #wsaLastError}, {@link Win32#WSAEWOULDBLOCK})
     */
    static long accept(MemorySegment state, long socket, MemorySegment address, MemorySegment length) {
        try {
            return (long) accept$mh.invokeExact(state, socket, address, length);
        } catch (Throwable e) {
            throw new AssertionError("accept downcall", e);
        }
    }

    /**
     * {@code connect}; on a non-blocking socket it fails with {@link Win32#WSAEWOULDBLOCK} and
     * completes as an AFD {@code SEND} or {@code CONNECT_FAIL}.
     *
     * @param state the call state
     * @param socket the socket
     * @param address the peer's address
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int connect(MemorySegment state, long socket, MemorySegment address) {
        try {
            return (int) connect$mh.invokeExact(state, socket, address, (int) address.byteSize());
        } catch (Throwable e) {
            throw new AssertionError("connect downcall", e);
        }
    }

    /**
     * {@code getsockname}.
     *
     * @param state the call state
     * @param socket the socket
     * @param address out: the address
     * @param length in and out: {@code address}'s size as an {@code int}
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int getsockname(MemorySegment state, long socket, MemorySegment address, MemorySegment length) {
        try {
            return (int) getsockname$mh.invokeExact(state, socket, address, length);
        } catch (Throwable e) {
            throw new AssertionError("getsockname downcall", e);
        }
    }

    /**
     * {@code ioctlsocket}.
     *
     * @param state the call state
     * @param socket the socket
     * @param command {@link Win32#FIONBIO} or {@link Win32#FIONREAD}
     * @param argument in or out: a {@code u_long} (4 bytes)
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int ioctlsocket(MemorySegment state, long socket, int command, MemorySegment argument) {
        try {
            return (int) ioctlsocket$mh.invokeExact(state, socket, command, argument);
        } catch (Throwable e) {
            throw new AssertionError("ioctlsocket downcall", e);
        }
    }

    /**
     * {@code WSAIoctl(socket, code, NULL, 0, out, 8, bytes, NULL, NULL)}: the base-handle queries.
     *
     * @param state the call state
     * @param socket the socket
     * @param code {@link Win32#SIO_BASE_HANDLE} or a fallback
     * @param out out: a {@code SOCKET} (8 bytes)
     * @param bytes out: a {@code DWORD}, how many bytes were written
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int wsaIoctlSocket(MemorySegment state, long socket, int code, MemorySegment out, MemorySegment bytes) {
        try {
            return (int) WSAIoctl$mh.invokeExact(state, socket, code, MemorySegment.NULL, 0, out, (int) out.byteSize(),
                    bytes, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable e) {
            throw new AssertionError("WSAIoctl downcall", e);
        }
    }

    /**
     * {@code send(socket, buffer, length, flags)}.
     *
     * @param state the call state
     * @param socket the socket
     * @param buffer the bytes
     * @param length how many
     * @param flags {@code MSG_*}
     * @return the bytes sent, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int send(MemorySegment state, long socket, MemorySegment buffer, int length, int flags) {
        try {
            return (int) send$mh.invokeExact(state, socket, buffer, length, flags);
        } catch (RuntimeException e) {
            throw e; // the linker's check of a direct buffer: its arena is closed, or owned by another thread
        } catch (Throwable e) {
            throw new AssertionError("send downcall", e);
        }
    }

    /**
     * {@code recv(socket, buffer, length, flags)}.
     *
     * @param state the call state
     * @param socket the socket
     * @param buffer where to
     * @param length its room
     * @param flags {@link Win32#MSG_PEEK} or 0
     * @return the bytes received, 0 at end of stream, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int recv(MemorySegment state, long socket, MemorySegment buffer, int length, int flags) {
        try {
            return (int) recv$mh.invokeExact(state, socket, buffer, length, flags);
        } catch (RuntimeException e) {
            throw e; // the linker's check of a direct buffer: its arena is closed, or owned by another thread
        } catch (Throwable e) {
            throw new AssertionError("recv downcall", e);
        }
    }

    /**
     * {@code sendto}.
     *
     * @param state the call state
     * @param socket the socket
     * @param buffer the datagram
     * @param length its length
     * @param to the target, {@code toLength} bytes
     * @param toLength its length
     * @return the bytes sent, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int sendto(MemorySegment state, long socket, MemorySegment buffer, int length, MemorySegment to,
                      int toLength) {
        try {
            return (int) sendto$mh.invokeExact(state, socket, buffer, length, 0, to, toLength);
        } catch (RuntimeException e) {
            throw e; // the linker's check of a direct buffer: its arena is closed, or owned by another thread
        } catch (Throwable e) {
            throw new AssertionError("sendto downcall", e);
        }
    }

    /**
     * {@code recvfrom}.
     *
     * @param state the call state
     * @param socket the socket
     * @param buffer where to
     * @param length its room
     * @param flags {@link Win32#MSG_PEEK} or 0
     * @param from out: the sender
     * @param fromLength in and out: {@code from}'s size as an {@code int}
     * @return the datagram's length (truncated to {@code length}), or {@code SOCKET_ERROR}
     */
    static int recvfrom(MemorySegment state, long socket, MemorySegment buffer, int length, int flags,
                        MemorySegment from, MemorySegment fromLength) {
        try {
            return (int) recvfrom$mh.invokeExact(state, socket, buffer, length, flags, from, fromLength);
        } catch (RuntimeException e) {
            throw e; // the linker's check of a direct buffer: its arena is closed, or owned by another thread
        } catch (Throwable e) {
            throw new AssertionError("recvfrom downcall", e);
        }
    }

    /**
     * {@code shutdown}.
     *
     * @param state the call state
     * @param socket the socket
     * @param how {@link Win32#SD_RECEIVE}, {@link Win32#SD_SEND} or {@link Win32#SD_BOTH}
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int shutdown(MemorySegment state, long socket, int how) {
        try {
            return (int) shutdown$mh.invokeExact(state, socket, how);
        } catch (Throwable e) {
            throw new AssertionError("shutdown downcall", e);
        }
    }

    /**
     * {@code getpeername}.
     *
     * @param state the call state
     * @param socket the socket
     * @param address out: the address
     * @param length in and out: {@code address}'s size as an {@code int}
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError}, {@link Win32#WSAENOTCONN})
     */
    static int getpeername(MemorySegment state, long socket, MemorySegment address, MemorySegment length) {
        try {
            return (int) getpeername$mh.invokeExact(state, socket, address, length);
        } catch (Throwable e) {
            throw new AssertionError("getpeername downcall", e);
        }
    }

    /**
     * {@code setsockopt}.
     *
     * @param state the call state
     * @param socket the socket
     * @param level the level
     * @param name the option
     * @param value its value
     * @param length the value's length
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int setsockopt(MemorySegment state, long socket, int level, int name, MemorySegment value, int length) {
        try {
            return (int) setsockopt$mh.invokeExact(state, socket, level, name, value, length);
        } catch (Throwable e) {
            throw new AssertionError("setsockopt downcall", e);
        }
    }

    /**
     * {@code getsockopt}.
     *
     * @param state the call state
     * @param socket the socket
     * @param level the level
     * @param name the option
     * @param value out: the value
     * @param length in and out: {@code value}'s size as an {@code int}
     * @return 0, or {@code SOCKET_ERROR} ({@link #wsaLastError})
     */
    static int getsockopt(MemorySegment state, long socket, int level, int name, MemorySegment value,
                          MemorySegment length) {
        try {
            return (int) getsockopt$mh.invokeExact(state, socket, level, name, value, length);
        } catch (Throwable e) {
            throw new AssertionError("getsockopt downcall", e);
        }
    }
}
