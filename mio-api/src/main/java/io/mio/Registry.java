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
 * <p>Delivery is edge-triggered: after an event for an interest, that interest is not reported
 * again until an operation on the source returned would-block (a read of 0, an {@code accept} of
 * {@code null}, ...) or the source was reregistered. So a user drains a source until it would block.
 *
 * <p>The checks below are made here, once for every backend; the backend's {@code impl*} hooks see
 * only valid, open sources of their own provider.
 */
public abstract class Registry {
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
     * Registers {@code source} for {@code interests}; its events carry {@code token}.
     *
     * @param source an open source of this registry's backend, not registered yet
     * @param token the token its events carry
     * @param interests what to report; never empty
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the source was created by another backend
     * @throws IllegalStateException if the source is already registered
     * @throws ClosedChannelException if the source is closed
     * @throws ClosedPollException if the poll is closed
     * @throws IOException if the backend fails to register it
     */
    public final void register(Source source, Token token, Interest interests) throws IOException {
        check(source, token, interests);
        synchronized (source.stateLock) {
            ensureOpen();
            source.ensureOpen();
            if (source.registry != null && !source.registry.isOpen()) {
                // its poll was closed, which dropped every registration: the source is free again
                source.registry = null;
            }
            if (source.registry != null) {
                throw new IllegalStateException(source.registry == this
                        ? source + " is already registered; use reregister to change its token or interests"
                        : source + " is registered with another poll; deregister it there first");
            }
            implRegister(source, token, interests);
            source.registry = this;
            source.token = token;
            source.interests = interests;
        }
    }

    /**
     * Changes the token and interests of a registered source. Pending readiness for the new
     * interests is reported again (the edge is re-armed).
     *
     * @param source a source registered with this registry
     * @param token the new token
     * @param interests the new interests; never empty
     * @throws IllegalStateException if the source is not registered with this registry
     * @throws IOException as {@link #register}
     */
    public final void reregister(Source source, Token token, Interest interests) throws IOException {
        check(source, token, interests);
        synchronized (source.stateLock) {
            ensureOpen();
            source.ensureOpen();
            requireRegisteredHere(source);
            implReregister(source, token, interests);
            source.token = token;
            source.interests = interests;
        }
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
        checkSource(source);
        synchronized (source.stateLock) {
            ensureOpen();
            source.ensureOpen();
            requireRegisteredHere(source);
            implDeregister(source);
            source.registry = null;
            source.token = null;
            source.interests = null;
        }
    }

    /**
     * Registers a source with the backend. Called with the source's state locked.
     *
     * @param source an open, unregistered source of this backend
     * @param token its token
     * @param interests its interests
     * @throws IOException if the backend fails
     */
    protected abstract void implRegister(Source source, Token token, Interest interests) throws IOException;

    /**
     * Changes a registration; the edge is re-armed. Called with the source's state locked.
     *
     * @param source an open source registered here
     * @param token the new token
     * @param interests the new interests
     * @throws IOException if the backend fails
     */
    protected abstract void implReregister(Source source, Token token, Interest interests) throws IOException;

    /**
     * Removes a registration. Called by {@link #deregister} and by {@link Source#close()} (then
     * after the source was marked closed but before it is released).
     *
     * @param source a source registered here
     * @throws IOException if the backend fails
     */
    protected abstract void implDeregister(Source source) throws IOException;

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

    private void check(Source source, Token token, Interest interests) {
        checkSource(source);
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(interests,
                "interests (an Interest is never empty: Interest.remove returns null when nothing remains)");
    }

    private void checkSource(Source source) {
        Objects.requireNonNull(source, "source");
        // the same backend may have several provider instances (one per class loader lookup)
        if (source.provider().getClass() != provider.getClass()) {
            throw new IllegalArgumentException("cannot register a source of backend '" + source.provider().name()
                    + "' with a poll of backend '" + provider.name()
                    + "': create sources with the poll's provider, e.g. TcpStream.connect(address, poll.provider())");
        }
    }

    private void requireRegisteredHere(Source source) {
        if (source.registry != this) {
            throw new IllegalStateException(source.registry == null
                    ? source + " is not registered"
                    : source + " is registered with another poll");
        }
    }
}
