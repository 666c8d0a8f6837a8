package io.mio.iocp;

import io.mio.completion.CompletionDriver;
import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The driver's AFD flag mapping, as mio's {@code afd.rs} and {@code event.rs} make it; the whole
 * driver runs in the TCK over the shim.
 */
class IocpDriverTest {
    private static final int TERMINAL = Win32.AFD_POLL_ABORT | Win32.AFD_POLL_CONNECT_FAIL | Win32.AFD_POLL_LOCAL_CLOSE;

    @Test
    void aPollWithNothingArmedWatchesOnlyForWhatEndsTheWatch() {
        // not DISCONNECT: a peer's shutdown holds for good, so such a poll would complete at once forever
        assertEquals(TERMINAL, IocpDriver.afdEvents(0));
    }

    @Test
    void readableAsksForDataAcceptAndThePeersShutdownWritableForRoom() {
        assertEquals(TERMINAL | Win32.AFD_POLL_RECEIVE | Win32.AFD_POLL_ACCEPT | Win32.AFD_POLL_DISCONNECT,
                IocpDriver.afdEvents(Readiness.READABLE));
        assertEquals(TERMINAL | Win32.AFD_POLL_SEND, IocpDriver.afdEvents(Readiness.WRITABLE));
        assertEquals(TERMINAL | Win32.AFD_POLL_RECEIVE_EXPEDITED, IocpDriver.afdEvents(Readiness.PRIORITY));
    }

    @Test
    void completionsMapAsMioReadsThem() {
        assertEquals(Readiness.READABLE, IocpDriver.readiness(Win32.AFD_POLL_RECEIVE));
        assertEquals(Readiness.READABLE, IocpDriver.readiness(Win32.AFD_POLL_ACCEPT));
        assertEquals(Readiness.WRITABLE, IocpDriver.readiness(Win32.AFD_POLL_SEND));
        assertEquals(Readiness.READABLE | Readiness.READ_CLOSED, IocpDriver.readiness(Win32.AFD_POLL_DISCONNECT));
        assertEquals(Readiness.READABLE | Readiness.WRITABLE | Readiness.READ_CLOSED | Readiness.WRITE_CLOSED,
                IocpDriver.readiness(Win32.AFD_POLL_ABORT));
        assertEquals(Readiness.READABLE | Readiness.WRITABLE | Readiness.ERROR | Readiness.READ_CLOSED
                | Readiness.WRITE_CLOSED, IocpDriver.readiness(Win32.AFD_POLL_CONNECT_FAIL));
        assertEquals(CompletionDriver.CLOSED, IocpDriver.readiness(Win32.AFD_POLL_LOCAL_CLOSE | Win32.AFD_POLL_RECEIVE));
    }
}
