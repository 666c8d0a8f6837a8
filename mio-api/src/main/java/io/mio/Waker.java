package io.mio;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;

/**
 * Wakes a {@link Poll} from any thread: {@link #wake()} makes a blocked (or the next) poll return
 * an event with this waker's token, which is readable. Many wakes before one poll give at least
 * one event.
 *
 * <pre>{@code
 * Waker waker = Waker.open(poll.registry(), WAKE_TOKEN);
 * otherThread.submit(() -> { queue.add(work); waker.wake(); });
 * }</pre>
 */
public abstract class Waker implements Closeable {
    private final Registry registry;
    private final Token token;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    /**
     * Creates a waker; backends only.
     *
     * @param registry the registry of the poll it wakes
     * @param token the token of its events
     */
    protected Waker(Registry registry, Token token) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.token = Objects.requireNonNull(token, "token");
    }

    /**
     * Creates a waker for the poll of {@code registry}.
     *
     * @param registry the poll's registry
     * @param token the token of the waker's events
     * @return the waker
     * @throws ClosedPollException if the poll is closed
     * @throws IOException if the backend fails
     */
    public static Waker open(Registry registry, Token token) throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(token, "token");
        registry.ensureOpen();
        return registry.implNewWaker(token);
    }

    /** {@return the token of this waker's events} */
    public final Token token() {
        return token;
    }

    /**
     * Wakes the poll. Safe from any thread; cheap when a wake is already pending.
     *
     * @throws IllegalStateException if this waker is closed
     * @throws ClosedPollException if the poll is closed
     * @throws IOException if the backend fails
     */
    public final void wake() throws IOException {
        if (closed) {
            throw new IllegalStateException("waker is closed");
        }
        registry.ensureOpen();
        implWake();
    }

    /**
     * Releases the waker. Closing twice does nothing.
     *
     * @throws IOException if releasing fails
     */
    @Override
    public final void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        implCloseWaker();
    }

    /**
     * Wakes the poll.
     *
     * @throws IOException if the backend fails
     */
    protected abstract void implWake() throws IOException;

    /**
     * Releases the waker's resources; called once.
     *
     * @throws IOException if releasing fails
     */
    protected abstract void implCloseWaker() throws IOException;
}
