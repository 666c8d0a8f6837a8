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

    /**
     * The availability of a native backend whose module the JVM denies native access
     * ({@code --illegal-native-access=deny}, the default of a future JDK): the cause names the module
     * that makes the backend's native calls and the exact flag to add, for the module path and for the
     * class path.
     *
     * @param module the module that makes the native calls (unnamed on the class path)
     * @param denied what the JDK threw when that module made a downcall handle
     * @return the availability
     */
    public static Availability nativeAccessDenied(Module module, IllegalCallerException denied) {
        String name = module.getName();
        return unavailable("native access is denied to " + (module.isNamed() ? "module " + name : "the class path")
                + ", which makes the backend's native calls; add "
                + (module.isNamed()
                        ? "--enable-native-access=" + name
                                + " (or --enable-native-access=ALL-UNNAMED when the mio jars are on the class path)"
                        : "--enable-native-access=ALL-UNNAMED (or --enable-native-access=<the backend's native module,"
                                + " e.g. io.mio.posix> when the mio jars are on the module path)")
                + " to the java command (" + denied.getMessage() + ")");
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + cause;
    }
}
