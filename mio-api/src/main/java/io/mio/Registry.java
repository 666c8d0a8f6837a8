package io.mio;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Registers {@link Source}s with a {@link Poll} so that their readiness is reported. Obtained from
 * {@link Poll#registry()}; safe to use from any thread, including while another thread is blocked
 * in {@link Poll#poll}: the change takes effect for that poll.
 *
 * <p>Delivery is edge-triggered unless the interest says otherwise ({@link Mode}): after an event
 * for an interest, that interest is not reported again until an operation on the source returned
 * would-block (a read of 0, an {@code accept} of {@code null}, ...) or the source was reregistered.
 * So a user drains a source until it would block. {@link Mode#LEVEL} repeats the event on every poll
 * while the source is ready; {@link Mode#ONESHOT} reports one event, then nothing until the source is
 * reregistered:
 *
 * {@snippet :
 * // one event per request: the worker that handles it reregisters when it wants the next one
 * registry.register(connection, token, Interest.READABLE.with(Mode.ONESHOT));
 * // ... on the event: read the request, then, when ready for another
 * registry.reregister(connection, token, Interest.READABLE.with(Mode.ONESHOT));
 * }
 *
 * <p>The checks below are made once for every backend, by {@link IoSource}, however a registration
 * reaches it (directly or through a user's {@link Source} that delegates); the backend's
 * {@code impl*} hooks see only valid, open sources of their own provider, with the source's state
 * locked.
 */
public abstract class Registry {
    /**
     * Per thread, how many {@link IoSource} operations reached a backend (wrapping is harmless: only
     * a change is looked at). A registry call compares it before and after the user's source ran, to
     * tell a source that delegated to nothing; one int[] per thread, so steady state allocates
     * nothing.
     */
    private static final ThreadLocal<int[]> REACHED = ThreadLocal.withInitial(() -> new int[1]);
    private final PollProvider provider;
    private volatile boolean closed;

    /**
     * Creates the registry of a poll of {@code provider}.
     *
     * @param provider the backend
     */
    protected Registry(PollProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** {@return the backend of this registry's poll} */
    public final PollProvider provider() {
        return provider;
    }

    /**
     * Registers {@code source} for {@code interests}; its events carry {@code token}. A user's
     * {@link Source} is asked to register the {@link IoSource}s it holds; the rules below hold for
     * each of them.
     *
     * @param source an open source of this registry's backend, not registered yet, or a user's
     *               source that delegates to such sources
     * @param token the token its events carry
     * @param interests what to report, and in which {@link Mode}; never empty
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the source was created by another backend, or is a user's
     *                                  source that registered no {@link IoSource}
     * @throws UnsupportedOperationException if the mode is not {@link Mode#EDGE} and the backend lacks
     *                                       {@link io.mio.spi.Capability#REGISTRATION_MODES}
     * @throws IllegalStateException if the source is already registered
     * @throws ClosedChannelException if the source is closed
     * @throws ClosedPollException if the poll is closed
     * @throws IOException if the backend fails to register it, or as the user's source throws
     */
    public final void register(Source source, Token token, Interest interests) throws IOException {
        checkArguments(source, token, interests);
        int[] reached = REACHED.get();
        int before = reached[0];
        source.register(this, token, interests);
        requireReached(source, reached[0] != before, "register");
    }

    /**
     * Changes the token, interests and mode of a registered source. Pending readiness for the new
     * interests is reported again (the edge is re-armed; a {@link Mode#ONESHOT} registration is armed
     * for one more event).
     *
     * @param source a source registered with this registry
     * @param token the new token
     * @param interests the new interests and mode; never empty
     * @throws IllegalStateException if the source is not registered with this registry
     * @throws IOException as {@link #register}
     */
    public final void reregister(Source source, Token token, Interest interests) throws IOException {
        checkArguments(source, token, interests);
        int[] reached = REACHED.get();
        int before = reached[0];
        source.reregister(this, token, interests);
        requireReached(source, reached[0] != before, "reregister");
    }

    /**
     * Stops reporting events for {@code source}. No event for it is returned by a poll that starts
     * after this returns.
     *
     * @param source a source registered with this registry
     * @throws IllegalStateException if the source is not registered with this registry
     * @throws IOException as {@link #register}
     */
    public final void deregister(Source source) throws IOException {
        Objects.requireNonNull(source, "source");
        int[] reached = REACHED.get();
        int before = reached[0];
        source.deregister(this);
        requireReached(source, reached[0] != before, "deregister");
    }

    /**
     * Registers a source with the backend. Called with the source's state locked.
     *
     * @param source an open, unregistered source of this backend
     * @param token its token
     * @param interests its interests and {@link Interest#mode()} (not {@link Mode#EDGE} only when the
     *                  backend lists {@link io.mio.spi.Capability#REGISTRATION_MODES})
     * @throws IOException if the backend fails
     */
    protected abstract void implRegister(IoSource source, Token token, Interest interests) throws IOException;

    /**
     * Changes a registration; the edge is re-armed, and a oneshot registration armed again. Called
     * with the source's state locked.
     *
     * @param source an open source registered here
     * @param token the new token
     * @param interests the new interests
     * @throws IOException if the backend fails
     */
    protected abstract void implReregister(IoSource source, Token token, Interest interests) throws IOException;

    /**
     * Removes a registration. Called by {@link #deregister} and by {@link IoSource#close()} (then
     * after the source was marked closed but before it is released).
     *
     * @param source a source registered here
     * @throws IOException if the backend fails
     */
    protected abstract void implDeregister(IoSource source) throws IOException;

    /**
     * Creates a waker for this registry's poll.
     *
     * @param token the token of its events
     * @return the waker
     * @throws IOException if the backend fails
     */
    protected abstract Waker implNewWaker(Token token) throws IOException;

    /** {@return whether the poll of this registry is open} */
    public final boolean isOpen() {
        return !closed;
    }

    /**
     * Throws {@link ClosedPollException} if the poll is closed.
     */
    protected final void ensureOpen() {
        if (closed) {
            throw new ClosedPollException();
        }
    }

    void markClosed() {
        closed = true;
    }

    /** Counts an {@link IoSource} operation that reached a backend on this thread. */
    static void reachedBackend() {
        REACHED.get()[0]++;
    }

    static void checkArguments(Source source, Token token, Interest interests) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(interests,
                "interests (an Interest is never empty: Interest.remove returns null when nothing remains)");
    }

    private static void requireReached(Source source, boolean reached, String operation) {
        if (!reached) {
            // a user's source that delegates to nothing would register silently and never report
            throw new IllegalArgumentException(source.getClass().getName() + "." + operation
                    + " returned without reaching a backend's source: a Source must delegate " + operation
                    + " to the IoSources it holds (sockets, pipes, SourceFd), on the calling thread");
        }
    }
}
