package io.mio.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What every plaintext server of the load benchmark shares, so that the stacks differ only in how
 * they move bytes: the fixed response, and the scanner that counts complete requests by their
 * {@code \r\n\r\n} terminator.
 *
 * <p>Requests are never parsed: wrk sends {@code GET /} requests without a body, so the count of
 * header terminators is the count of requests. The scanner keeps its state across reads, so a
 * terminator split over two reads is counted once.
 */
public final class Http {

    /**
     * The one response, 78 bytes: the status line, {@code Content-Length}, {@code Content-Type} and
     * the body, exactly what the anchors of issue 13's comparison send; no {@code Server} or
     * {@code Date} header, so it is a constant and every stack sends the same bytes.
     */
    public static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Length: 13\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);

    /** Receive buffer size per connection, the same for every stack. */
    public static final int READ_BUFFER = 16 * 1024;

    /** Send buffer size per connection: responses are copied into it in batches. */
    public static final int WRITE_BUFFER = 64 * RESPONSE.length * 16;

    private Http() {
    }

    /**
     * Advances the terminator scanner over one byte.
     *
     * @param state how many bytes of {@code \r\n\r\n} matched so far (0 to 3)
     * @return the new state, or 4 when a terminator completed (the caller counts it and uses 0)
     */
    public static int step(final int state, final byte b) {
        if (b == '\r') {
            return state == 2 ? 3 : 1;
        }
        if (b == '\n') {
            if (state == 1) {
                return 2;
            }
            return state == 3 ? 4 : 0;
        }
        return 0;
    }

    /**
     * Counts the terminators in {@code buffer} between position and limit, without moving them.
     *
     * @param scan a one-element array holding the connection's scanner state, updated in place
     * @return the number of requests completed by these bytes
     */
    public static int count(final ByteBuffer buffer, final int[] scan) {
        int state = scan[0];
        int requests = 0;
        for (int i = buffer.position(), end = buffer.limit(); i < end; i++) {
            state = step(state, buffer.get(i));
            if (state == 4) {
                requests++;
                state = 0;
            }
        }
        scan[0] = state;
        return requests;
    }

    /**
     * Fills {@code out} (in write mode) with as many whole responses as fit, up to {@code owed}.
     *
     * @return how many responses were copied
     */
    public static int fill(final ByteBuffer out, final int owed) {
        final int n = Math.min(owed, out.remaining() / RESPONSE.length);
        for (int i = 0; i < n; i++) {
            out.put(RESPONSE);
        }
        return n;
    }
}
