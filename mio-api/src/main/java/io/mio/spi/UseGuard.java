package io.mio.spi;

import io.mio.ClosedSourceException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A native resource (a descriptor, a socket) that calls on any thread use and one close releases,
 * guarded so that a close racing a call never lets the call reach a released number, or worse a
 * number the system has given to something else since (the idea of the JDK's
 * {@code NativeThreadSet} and {@code preClose}). Each call {@link #acquire()}s the resource before
 * its system call and {@link #release()}s it after; {@link #markClosed()} lets no call start after
 * it, and whoever leaves last releases the resource: the closer, when no call was running, or else
 * the last call still running ({@link #releaseLate()}). Calls on a non-blocking resource never
 * block, so a close is delayed by at most one system call.
 *
 * <p>Lock-free: one int, a closed bit and the count of calls in progress, changed by CAS only.
 * A backend's native I/O object extends this class, or holds one where it extends another.
 */
public abstract class UseGuard {
    /** Set in {@link #state} once closed; the low bits count calls in progress. */
    private static final int CLOSED = 0x8000_0000;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(UseGuard.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** CLOSED flag | count of calls in progress. */
    private volatile int state;

    /** Creates an open guard with no call in progress. */
    protected UseGuard() {
    }

    /**
     * Enters a call: the resource stays open until the matching {@link #release()}.
     *
     * @throws ClosedSourceException naming {@link #owner()}, if it is closed
     */
    public final void acquire() throws ClosedSourceException {
        for (;;) {
            int s = state;
            if (s < 0) {
                throw new ClosedSourceException(owner());
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return;
            }
        }
    }

    /** Leaves a call; the last one out after a close releases the resource ({@link #releaseLate()}). */
    public final void release() {
        if ((int) STATE.getAndAdd(this, -1) - 1 == CLOSED) {
            releaseLate();
        }
    }

    /**
     * Checks that the resource is open, for a call that makes no system call (so needs no
     * {@link #acquire()}): a close racing it is ordered before or after it, either is correct.
     *
     * @throws ClosedSourceException naming {@link #owner()}, if it is closed
     */
    public final void ensureOpen() throws ClosedSourceException {
        if (state < 0) {
            throw new ClosedSourceException(owner());
        }
    }

    /** {@return whether {@link #markClosed()} was called} */
    public final boolean isClosed() {
        return state < 0;
    }

    /**
     * Closes: no call starts after this. Closing twice does nothing.
     *
     * @return true if no call is in progress, so the caller releases the resource now (and can
     *         report a failure); false if the last call still running will, or if it was closed before
     */
    public final boolean markClosed() {
        int s;
        do {
            s = state;
            if (s < 0) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, s | CLOSED));
        return s == 0;
    }

    /** Releases the resource for the last call that leaves after a close: nobody is left to report a failure to. */
    protected abstract void releaseLate();

    /** {@return what the exception of a use after close names: the source} */
    protected abstract Object owner();
}
