package io.mio;

import io.mio.spi.Readiness;

/**
 * The user-space events posted into one {@link Poll}: a ring of (token, readiness) pairs in the
 * order posted, guarded by this object's monitor. It grows (doubles) only when full, so posting
 * allocates nothing in steady state. It also knows whether the poller is blocked in the backend, so
 * a post wakes it once, and only then.
 */
final class UserEvents {
    /** The tokens of the pending events, from {@link #head}, wrapping; guarded by this. */
    private Token[] tokens = new Token[16];
    /** Their readiness bits; guarded by this. */
    private int[] readiness = new int[16];
    /** Index of the oldest pending event; guarded by this. */
    private int head;
    /** How many events are pending; guarded by this. */
    private int count;
    /** Whether the poller is (about to be) blocked in the backend; guarded by this. */
    private boolean blocking;
    /** Whether a post already woke the current blocked poll; guarded by this. */
    private boolean woken;

    /**
     * Adds an event at the tail.
     *
     * @return whether the caller must wake the poll (it is blocked and nobody woke it yet)
     */
    synchronized boolean post(Token token, int bits) {
        if (count == tokens.length) {
            grow();
        }
        int tail = (head + count) & (tokens.length - 1);
        tokens[tail] = token;
        readiness[tail] = bits;
        count++;
        if (blocking && !woken) {
            woken = true;
            return true;
        }
        return false;
    }

    /**
     * Called by the poller before it enters the backend.
     *
     * @param mayBlock whether the backend call may block (its timeout is not zero)
     * @return whether events are pending (then the backend must not block)
     */
    synchronized boolean beginPoll(boolean mayBlock) {
        if (count > 0) {
            return true;
        }
        blocking = mayBlock;
        woken = false;
        return false;
    }

    /** Called by the poller after the backend returned. */
    synchronized void endPoll() {
        blocking = false;
    }

    /** {@return whether events are pending; a hint for the poller, racing with posts} */
    synchronized boolean isEmpty() {
        return count == 0;
    }

    /** Moves pending events into {@code events}, oldest first, until it is full. */
    synchronized void drainTo(Events events) {
        int mask = tokens.length - 1;
        while (count > 0 && events.add(tokens[head], readiness[head])) {
            tokens[head] = null; // no token kept alive by a slot that was delivered
            head = (head + 1) & mask;
            count--;
        }
    }

    private void grow() {
        assert Thread.holdsLock(this);
        int length = tokens.length;
        Token[] grownTokens = new Token[length * 2];
        int[] grownReadiness = new int[length * 2];
        for (int i = 0; i < count; i++) {
            int from = (head + i) & (length - 1);
            grownTokens[i] = tokens[from];
            grownReadiness[i] = readiness[from];
        }
        tokens = grownTokens;
        readiness = grownReadiness;
        head = 0;
    }

    /** {@return the readiness bits of an event posted for {@code interest}} */
    static int bitsOf(Interest interest) {
        return (interest.isReadable() ? Readiness.READABLE : 0)
                | (interest.isWritable() ? Readiness.WRITABLE : 0)
                | (interest.isPriority() ? Readiness.PRIORITY : 0);
    }
}
