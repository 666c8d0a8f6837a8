package io.mio.selector;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The select lock of a {@link SelectorPoll} and the flushes it guards. A registered channel's close
 * is deferred by the JDK until its selector's next select (JDK-8198692), so a close or a key
 * cancelled elsewhere asks for a select soon: at once if no poll holds the lock, else the poller's
 * select releases the keys as it returns.
 */
final class SelectFlush {
    /** Held around every select: by the poller, and by a thread that flushes cancelled keys. */
    final ReentrantLock selectLock = new ReentrantLock();
    private final Selector selector;
    /**
     * For flushing selects: keeps a reported key's readiness for the next poll and takes its
     * operations out of the interest set, so the next flush does not see it again.
     */
    private final Consumer<SelectionKey> owe;
    /** Whether a closed channel's key waits for a select to release its descriptor. */
    private volatile boolean requested;

    SelectFlush(Selector selector, Consumer<SelectionKey> owe) {
        this.selector = selector;
        this.owe = owe;
    }

    /**
     * Makes a select run soon, so the selector deregisters cancelled keys and the JDK really closes
     * their channels' descriptors. Runs one now if no poll holds the select lock; otherwise the
     * poller's select flushes them as it returns, and the poller checks the flag.
     */
    void request() throws IOException {
        requested = true;
        if (selectLock.isHeldByCurrentThread()) {
            return; // the poller itself, while decoding: it flushes after this select
        }
        if (selectLock.tryLock()) {
            try {
                ifRequested();
            } finally {
                selectLock.unlock();
            }
        } else {
            selector.wakeup();
        }
    }

    /**
     * Cancels {@code key} and, unless another thread is selecting, has the selector release it at
     * once, so its channel closes at once instead of at a later select.
     */
    void releaseNow(SelectionKey key) throws IOException {
        key.cancel();
        if (!selectLock.isHeldByCurrentThread() && selectLock.tryLock()) {
            try {
                if (selector.isOpen()) {
                    selector.selectNow(owe);
                }
            } catch (ClosedSelectorException closedMeanwhile) {
                // the poll closed: its keys are released
            } finally {
                selectLock.unlock();
            }
        }
    }

    /** Runs the flushing select if one was asked for; with the select lock held. */
    void ifRequested() throws IOException {
        assert selectLock.isHeldByCurrentThread();
        if (requested) {
            requested = false;
            if (selector.isOpen()) {
                selector.selectNow(owe);
            }
        }
    }

    /** After a poll released the lock: a close that found it selecting left its flush to it. */
    void afterPoll() throws IOException {
        if (requested && selectLock.tryLock()) {
            try {
                ifRequested();
            } finally {
                selectLock.unlock();
            }
        }
    }
}
