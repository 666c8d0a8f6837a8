package io.mio.iocp;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * Winsock's error codes as the exceptions a Java user expects, with the same shape of message as
 * the POSIX backends: {@code "connect(127.0.0.1:1) failed: WSAECONNREFUSED (Connection refused)"}.
 * Only the codes the driver can meet are named; any other is {@code "WSA error N"}.
 */
final class WinError {
    /** Code, name, text. */
    private static final Object[][] TABLE = {
            {Win32.WSAEBADF, "WSAEBADF", "Bad file descriptor"},
            {Win32.WSAEACCES, "WSAEACCES", "Permission denied"},
            {Win32.WSAEINVAL, "WSAEINVAL", "Invalid argument"},
            {Win32.WSAEWOULDBLOCK, "WSAEWOULDBLOCK", "Resource temporarily unavailable"},
            {Win32.WSAEALREADY, "WSAEALREADY", "Operation already in progress"},
            {Win32.WSAENOTSOCK, "WSAENOTSOCK", "Socket operation on non-socket"},
            {Win32.WSAEDESTADDRREQ, "WSAEDESTADDRREQ", "Destination address required"},
            {Win32.WSAEMSGSIZE, "WSAEMSGSIZE", "Message too long"},
            {Win32.WSAEADDRINUSE, "WSAEADDRINUSE", "Address already in use"},
            {Win32.WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL", "Cannot assign requested address"},
            {Win32.WSAENETUNREACH, "WSAENETUNREACH", "Network is unreachable"},
            {Win32.WSAECONNABORTED, "WSAECONNABORTED", "Software caused connection abort"},
            {Win32.WSAECONNRESET, "WSAECONNRESET", "Connection reset by peer"},
            {Win32.WSAEISCONN, "WSAEISCONN", "Transport endpoint is already connected"},
            {Win32.WSAENOTCONN, "WSAENOTCONN", "Transport endpoint is not connected"},
            {Win32.WSAESHUTDOWN, "WSAESHUTDOWN", "Broken pipe: cannot send after socket shutdown"},
            {Win32.WSAETIMEDOUT, "WSAETIMEDOUT", "Connection timed out"},
            {Win32.WSAECONNREFUSED, "WSAECONNREFUSED", "Connection refused"},
            {Win32.WSAEHOSTUNREACH, "WSAEHOSTUNREACH", "No route to host"},
    };

    private WinError() {
    }

    /** {@return the message of a failed call, naming the call, the code's name and its text} */
    static String message(String call, int error) {
        for (Object[] row : TABLE) {
            if ((Integer) row[0] == error) {
                return call + " failed: " + row[1] + " (" + row[2] + ")";
            }
        }
        return call + " failed: WSA error " + error;
    }

    /**
     * The exception for a failed Winsock call, of the classes the JDK's sockets (and mio's POSIX
     * backends) raise: {@link ConnectException} for refused, timed out or unreachable network,
     * {@link BindException} for an address in use or not available, {@link NoRouteToHostException},
     * a {@link SocketException} saying "Connection reset" for a reset or abort, a
     * {@link PortUnreachableException} for a datagram's ICMP error (a reset on a UDP socket), a
     * {@link ClosedChannelException} for a closed socket, and an {@link IOException} otherwise.
     *
     * @param call the call, e.g. {@code "bind(127.0.0.1:8080)"}
     * @param error the {@code WSAGetLastError} value
     * @param datagram whether the socket is a datagram socket
     * @return the exception, to throw
     */
    static IOException exception(String call, int error, boolean datagram) {
        String message = message(call, error);
        return switch (error) {
            case Win32.WSAECONNREFUSED, Win32.WSAETIMEDOUT, Win32.WSAENETUNREACH -> new ConnectException(message);
            case Win32.WSAEADDRINUSE, Win32.WSAEADDRNOTAVAIL -> new BindException(message);
            case Win32.WSAEACCES -> call.startsWith("bind") ? new BindException(message) : new IOException(message);
            case Win32.WSAEHOSTUNREACH -> new NoRouteToHostException(message);
            // Windows reports a datagram's ICMP port unreachable as a reset of the socket
            case Win32.WSAECONNRESET -> datagram ? new PortUnreachableException(message) : new SocketException(message);
            case Win32.WSAECONNABORTED -> new SocketException(message);
            case Win32.WSAEBADF, Win32.WSAENOTSOCK -> new Closed(message);
            default -> new IOException(message);
        };
    }

    /** A call on a closed socket: a {@link ClosedChannelException} that keeps its message. */
    static final class Closed extends ClosedChannelException {
        private static final long serialVersionUID = 1L;
        private final String message;

        Closed(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
