package io.mio.spi;

import java.util.Objects;

/**
 * Whether a backend can be used on this machine and, if not, why.
 *
 * @param available whether the backend works here
 * @param cause why it does not (an unsupported OS, a missing symbol, a denied system call); empty
 *              when available
 */
public record Availability(boolean available, String cause) {
    /** The availability of a backend that works here. */
    public static final Availability AVAILABLE = new Availability(true, "");

    /**
     * Checks the fields.
     *
     * @param available whether the backend works here
     * @param cause why not
     */
    public Availability {
        Objects.requireNonNull(cause, "cause");
        if (!available && cause.isBlank()) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
    }

    /**
     * The availability of a backend that does not work here.
     *
     * @param cause why, e.g. "epoll_create1 failed: EPERM (Operation not permitted)"
     * @return the availability
     */
    public static Availability unavailable(String cause) {
        return new Availability(false, cause);
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + cause;
    }
}
