package io.mio.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";

    private static int countInChunks(final String text, final int chunk) {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final int[] scan = {0};
        int requests = 0;
        for (int i = 0; i < bytes.length; i += chunk) {
            requests += Http.count(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)), scan);
        }
        return requests;
    }

    @Test
    void countsPipelinedRequestsWhateverTheReadBoundaries() {
        final String sixteen = REQUEST.repeat(16);
        for (int chunk = 1; chunk <= sixteen.length(); chunk++) {
            assertEquals(16, countInChunks(sixteen, chunk), "chunk " + chunk);
        }
    }

    @Test
    void aLoneCarriageReturnOrNewlineIsNoTerminator() {
        assertEquals(0, countInChunks("GET / HTTP/1.1\r\n\r\rX\n\nY\r\n", 3));
        assertEquals(1, countInChunks("A\r\r\n\r\n", 1));
    }

    @Test
    void fillCopiesWholeResponsesOnly() {
        final ByteBuffer out = ByteBuffer.allocate(Http.RESPONSE.length * 3 + 5);
        assertEquals(3, Http.fill(out, 10));
        assertEquals(Http.RESPONSE.length * 3, out.position());
        assertEquals(0, Http.fill(out, 10));
    }

    @Test
    void theResponseHasAThirteenByteBody() {
        final String response = new String(Http.RESPONSE, StandardCharsets.US_ASCII);
        assertEquals("Hello, World!", response.substring(response.indexOf("\r\n\r\n") + 4));
    }
}
