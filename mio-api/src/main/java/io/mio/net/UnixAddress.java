package io.mio.net;

import java.io.Serial;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The address of a Unix-domain socket: a path name, a Linux abstract name, or unnamed (an unbound
 * socket). {@link java.net.UnixDomainSocketAddress} has no abstract names, hence this type.
 */
public final class UnixAddress extends SocketAddress {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final UnixAddress UNNAMED = new UnixAddress(null, null);

    /** The path name, or {@code null} for an abstract or unnamed address. */
    private final String path;
    /** The abstract name without its leading NUL byte, or {@code null} for a path or unnamed address. */
    private final byte[] abstractName;

    private UnixAddress(String path, byte[] abstractName) {
        this.path = path;
        this.abstractName = abstractName;
    }

    /**
     * A path-name address.
     *
     * @param path the socket file's path; not empty
     * @return the address
     */
    public static UnixAddress of(Path path) {
        String text = Objects.requireNonNull(path, "path").toString();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a Unix socket path must not be empty");
        }
        return new UnixAddress(text, null);
    }

    /**
     * A Linux abstract-namespace address (no file is created).
     *
     * @param name the name's bytes, without the leading NUL
     * @return the address
     */
    public static UnixAddress ofAbstract(byte[] name) {
        return new UnixAddress(null, Objects.requireNonNull(name, "name").clone());
    }

    /**
     * A Linux abstract-namespace address named by the UTF-8 bytes of {@code name}.
     *
     * @param name the name
     * @return the address
     */
    public static UnixAddress ofAbstract(String name) {
        return ofAbstract(name.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the address of an unbound socket} */
    public static UnixAddress unnamed() {
        return UNNAMED;
    }

    /** {@return the path, or {@code null} if this is not a path-name address} */
    public Path path() {
        return path == null ? null : Path.of(path);
    }

    /** {@return a copy of the abstract name, or {@code null} if this is not an abstract address} */
    public byte[] abstractName() {
        return abstractName == null ? null : abstractName.clone();
    }

    /** {@return whether this is an abstract-namespace address} */
    public boolean isAbstract() {
        return abstractName != null;
    }

    /** {@return whether this is the address of an unbound socket} */
    public boolean isUnnamed() {
        return path == null && abstractName == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnixAddress that && Objects.equals(path, that.path)
                && Arrays.equals(abstractName, that.abstractName);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(path) * 31 + Arrays.hashCode(abstractName);
    }

    /** @return the path, {@code @name} for an abstract name, or {@code (unnamed)} */
    @Override
    public String toString() {
        if (path != null) {
            return path;
        }
        return abstractName != null ? "@" + new String(abstractName, StandardCharsets.UTF_8) : "(unnamed)";
    }
}
