package io.mio.tck;

/**
 * Which backend plays which side in an interoperability test: the backend under test
 * ({@code io.mio.tck.provider}) or the peer backend ({@code io.mio.tck.peer}).
 */
public enum Direction {
    /** The backend under test accepts; the peer backend connects. */
    PEER_CLIENT_TO_SERVER("peer client, tested server"),
    /** The backend under test connects; the peer backend accepts. */
    CLIENT_TO_PEER_SERVER("tested client, peer server");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
