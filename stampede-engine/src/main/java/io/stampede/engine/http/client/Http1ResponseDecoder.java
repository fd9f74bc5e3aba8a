package io.stampede.engine.http.client;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;

/**
 * Netty's response decoder, told per request whether it was a HEAD (whose response has headers
 * announcing a body that never comes; Netty's {@code HttpClientCodec} learns it from its encoder,
 * this client encodes requests itself) and whether the caller reads the response's headers. When
 * it does not, only the headers the client itself reads are kept ({@link #CLIENT_READS}: framing,
 * keep-alive, encoding, cookies, redirects); the others are named
 * {@link ClientResponseHeaders#DROPPED} here and not stored.
 */
final class Http1ResponseDecoder extends HttpResponseDecoder {

    /** The response headers this client reads itself, lower case: the decoder, the connection, ResponseReader, Http1Exchange. */
    static final String[] CLIENT_READS = {"content-length", "transfer-encoding", "connection", "content-encoding",
            "set-cookie", "location", "upgrade"};
    private static final byte[][] CLIENT_READS_BYTES = new byte[CLIENT_READS.length][];

    static {
        for (int i = 0; i < CLIENT_READS.length; i++) {
            CLIENT_READS_BYTES[i] = CLIENT_READS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private boolean headRequest;
    private boolean allHeaders = true;

    /** @param config with {@link ClientResponseHeaders#HEADERS} and {@link ClientResponseHeaders#TRAILERS} as its factories */
    Http1ResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    /** @param allHeaders the caller reads the response's headers: keep them all */
    void expectResponseTo(Http1Request request, boolean allHeaders) {
        headRequest = request.isHead();
        this.allHeaders = allHeaders;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        return headRequest || super.isContentAlwaysEmpty(message);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        if (allHeaders || clientReads(sb, start, length)) {
            return super.splitHeaderName(sb, start, length);
        }
        return ClientResponseHeaders.DROPPED;
    }

    static boolean clientReads(byte[] sb, int start, int length) {
        for (byte[] name : CLIENT_READS_BYTES) {
            if (name.length == length && equalsIgnoringCase(name, sb, start)) {
                return true;
            }
        }
        return false;
    }

    /** @param lower lower-case letters and '-' */
    private static boolean equalsIgnoringCase(byte[] lower, byte[] sb, int start) {
        for (int i = 0; i < lower.length; i++) {
            byte b = sb[start + i];
            if (b != lower[i] && !(b >= 'A' && b <= 'Z' && b + ('a' - 'A') == lower[i])) {
                return false;
            }
        }
        return true;
    }
}
