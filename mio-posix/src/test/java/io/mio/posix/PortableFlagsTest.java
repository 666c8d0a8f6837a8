package io.mio.posix;

import io.mio.net.TcpListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallbacks for an OS without SOCK_NONBLOCK, accept4 or pipe2 (macOS): the plain call, then
 * fcntl. Exercised here on Linux, where both ways exist, so the code the kqueue backend will use
 * is not untested.
 */
@Timeout(30)
class PortableFlagsTest {
    private static void assertNonBlockingAndCloseOnExec(int fd) throws Throwable {
        assertTrue(fd >= 0);
        assertTrue((TestProvider.fcntl(fd, Os.F_GETFL) & Os.O_NONBLOCK) != 0, "fd " + fd + " non-blocking");
        assertTrue((TestProvider.fcntl(fd, Os.F_GETFD) & Os.FD_CLOEXEC) != 0, "fd " + fd + " close-on-exec");
    }

    @Test
    void socketAcceptPairAndPipeWithoutTheFlagVariants() throws Throwable {
        int before = TestProvider.openDescriptors();
        int socket = Sockets.open(Os.AF_INET, Os.SOCK_STREAM, "test", false);
        assertNonBlockingAndCloseOnExec(socket);
        assertEquals(0, TestProvider.close(socket));

        int[] pair = Sockets.pair(Os.SOCK_STREAM, "test", false);
        assertNonBlockingAndCloseOnExec(pair[0]);
        assertNonBlockingAndCloseOnExec(pair[1]);
        assertEquals(0, TestProvider.close(pair[0]));
        assertEquals(0, TestProvider.close(pair[1]));

        int[] pipe = PosixSockets.pipe(false);
        assertNonBlockingAndCloseOnExec(pipe[0]);
        assertNonBlockingAndCloseOnExec(pipe[1]);
        assertEquals(0, TestProvider.close(pipe[0]));
        assertEquals(0, TestProvider.close(pipe[1]));

        try (TcpListener listener = PosixSockets.bindTcpListener(TestProvider.INSTANCE,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0, false);
             var client = PosixSockets.connectTcpStream(TestProvider.INSTANCE, listener.localAddress())) {
            NativeFd listening = new NativeFd(PosixSockets.fd(listener), false);
            int accepted = Loops.until("accept", () -> Sockets.accept(listening, "test", false), fd -> fd >= 0);
            assertNonBlockingAndCloseOnExec(accepted);
            assertEquals(-1, Sockets.accept(listening, "test", false), "nothing pending: would block");
            assertEquals(0, TestProvider.close(accepted));
            assertTrue(client.isOpen());
        }
        assertEquals(before, TestProvider.openDescriptors(), "every descriptor closed");
    }
}
