package io.mio.iocp;

import java.io.IOException;
import java.lang.foreign.Arena;

/** Winsock's start-up, once per process, and the messages of kernel32's {@code GetLastError} codes. */
final class Winsock {
    /** The {@code WSAStartup} answer: 0, or its error; -1 before the first start. */
    private static int started = -1;

    private Winsock() {
    }

    /**
     * {@code WSAStartup(2.2)}, once: Winsock counts starts, and the process keeps it until exit.
     *
     * @throws IOException if Winsock refuses
     */
    static synchronized void start() throws IOException {
        if (started < 0) {
            started = Win32Calls.wsaStartup(Arena.global().allocate(408, 8)); // a WSADATA, kept for the process
        }
        if (started != 0) {
            throw WinError.exception("WSAStartup(2.2)", started, false);
        }
    }

    /** {@return the message of a failed kernel32 call: its name and the GetLastError value} */
    static String message(String call, int error) {
        String name = switch (error) {
            case 6 -> "ERROR_INVALID_HANDLE";
            case 87 -> "ERROR_INVALID_PARAMETER";
            case Win32.ERROR_ABANDONED_WAIT_0 -> "ERROR_ABANDONED_WAIT_0";
            default -> "error";
        };
        return call + " failed: " + name + " (GetLastError " + error + ")";
    }
}
