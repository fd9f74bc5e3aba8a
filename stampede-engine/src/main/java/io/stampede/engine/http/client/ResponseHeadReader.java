package io.stampede.engine.http.client;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Reads a response's head (status line and header lines) or a chunked body's trailers from
 * bytes, for {@link Http1ResponseDecoder}: every header when the caller reads headers, else only
 * those the client reads itself ({@link #CLIENT_READS}), the others never becoming strings. It
 * notes the framing headers (Content-Length, Transfer-Encoding) as it reads them, so the decoder
 * frames the body without looking them up. One per connection, used on its event loop.
 */
final class ResponseHeadReader {

    /** The response headers this client reads itself, lower case: the decoder, the connection, ResponseReader, Http1Exchange. */
    static final String[] CLIENT_READS = {"content-length", "transfer-encoding", "connection", "content-encoding",
            "set-cookie", "location", "upgrade"};
    private static final byte[][] CLIENT_READS_BYTES = new byte[CLIENT_READS.length][];
    /** The same names as Netty's constants: stored as the kept headers' names, their hashes computed once. */
    private static final AsciiString[] CLIENT_READS_NAMES = new AsciiString[CLIENT_READS.length];
    private static final int CONTENT_LENGTH_INDEX = 0;
    private static final int TRANSFER_ENCODING_INDEX = 1;
    private static final byte[] TRAILER = "trailer".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < CLIENT_READS.length; i++) {
            CLIENT_READS_BYTES[i] = CLIENT_READS[i].getBytes(StandardCharsets.US_ASCII);
            CLIENT_READS_NAMES[i] = AsciiString.cached(CLIENT_READS[i]);
        }
        if (!CLIENT_READS[CONTENT_LENGTH_INDEX].equals("content-length") || !CLIENT_READS[TRANSFER_ENCODING_INDEX].equals("transfer-encoding")) {
            throw new IllegalStateException("CLIENT_READS and its framing indexes disagree");
        }
    }

    private final int maxLineLength;
    private final int maxHeaderSize;
    /** For a response's headers ({@link ClientResponseHeaders#HEADERS}): validates the kept ones. */
    final HttpHeadersFactory headersFactory;
    private boolean keepAll = true;
    /** Of the last head read: how many Content-Length headers, the last one's value, the Transfer-Encoding (or null). */
    int contentLengthCount;
    String contentLength;
    String transferEncoding;

    ResponseHeadReader(int maxLineLength, int maxHeaderSize, HttpHeadersFactory headersFactory) {
        this.maxLineLength = maxLineLength;
        this.maxHeaderSize = maxHeaderSize;
        this.headersFactory = headersFactory;
    }

    /** @param all the caller reads the response's headers: keep them all */
    void keepAllHeaders(boolean all) {
        keepAll = all;
    }

    /**
     * @param b      the head's bytes, from its status line to its empty line
     * @param length of the head in {@code b}
     * @throws IllegalArgumentException naming what is not a response head
     * @throws TooLongFrameException    past the line or header limits
     */
    HttpResponse head(byte[] b, int length) {
        contentLengthCount = 0;
        contentLength = null;
        transferEncoding = null;
        int lineEnd = lineEnd(b, 0, length);
        int statusLength = contentEnd(b, 0, lineEnd);
        if (statusLength > maxLineLength) {
            throw new TooLongFrameException("an HTTP line is larger than " + maxLineLength + " bytes");
        }
        if (length - (lineEnd + 1) > maxHeaderSize) {
            throw new TooLongFrameException("the HTTP headers are larger than " + maxHeaderSize + " bytes");
        }
        HttpResponse response = statusLine(b, statusLength);
        readHeaders(b, lineEnd + 1, length, response.headers(), false);
        return response;
    }

    /** "HTTP/1.1 200 OK": the version, a space, three digits, optionally a space and a reason. */
    private HttpResponse statusLine(byte[] b, int end) {
        int space = indexOf(b, 0, end, (byte) ' ');
        if (space < 0) {
            throw new IllegalArgumentException("not a status line: '" + text(b, 0, Math.min(end, 64)) + "'");
        }
        HttpVersion version = version(b, space);
        int code = space + 1;
        while (code < end && b[code] == ' ') {
            code++;
        }
        if (code + 3 > end || !digit(b[code]) || !digit(b[code + 1]) || !digit(b[code + 2])
                || (code + 3 < end && b[code + 3] != ' ')) {
            throw new IllegalArgumentException("not a status code in '" + text(b, 0, Math.min(end, 64)) + "'");
        }
        int status = (b[code] - '0') * 100 + (b[code + 1] - '0') * 10 + (b[code + 2] - '0');
        int reason = code + 3;
        while (reason < end && b[reason] == ' ') {
            reason++;
        }
        return new DefaultHttpResponse(version, status(status, b, reason, end), headersFactory);
    }

    private static HttpVersion version(byte[] b, int end) {
        if (end == 8 && b[0] == 'H' && b[1] == 'T' && b[2] == 'T' && b[3] == 'P' && b[4] == '/' && b[5] == '1' && b[6] == '.') {
            if (b[7] == '1') {
                return HttpVersion.HTTP_1_1;
            }
            if (b[7] == '0') {
                return HttpVersion.HTTP_1_0;
            }
        }
        return HttpVersion.valueOf(text(b, 0, end)); // another version (validated there), or not one
    }

    /** The cached status when the reason is the standard one (no string made), else a new one with the server's reason. */
    private static HttpResponseStatus status(int code, byte[] b, int reason, int end) {
        HttpResponseStatus standard = HttpResponseStatus.valueOf(code);
        String phrase = standard.reasonPhrase();
        if (phrase.length() == end - reason) {
            boolean same = true;
            for (int i = 0; i < phrase.length() && same; i++) {
                same = phrase.charAt(i) == (char) (b[reason + i] & 0xff);
            }
            if (same) {
                return standard;
            }
        }
        return new HttpResponseStatus(code, text(b, reason, end - reason));
    }

    /**
     * Reads "name: value" lines from {@code from} until the empty line, adding the kept ones to
     * {@code headers}; a line starting with a space or tab continues the previous value.
     *
     * @param trailers the framing headers (content-length, transfer-encoding, trailer) are not
     *                 allowed there and are skipped, as Netty's decoder does
     */
    private void readHeaders(byte[] b, int from, int length, HttpHeaders headers, boolean trailers) {
        CharSequence name = null;
        StringBuilder value = null;
        String single = null;
        int line = from;
        while (line < length) {
            int lf = lineEnd(b, line, length);
            int end = contentEnd(b, line, lf);
            if (end == line) {
                break; // the empty line that ends them
            }
            if (b[line] == ' ' || b[line] == '\t') {
                if (name != null) { // a folded continuation of a kept header's value
                    if (value == null) {
                        value = new StringBuilder(single);
                    }
                    int start = trimStart(b, line, end);
                    value.append(' ').append(text(b, start, trimEnd(b, start, end) - start));
                }
            } else {
                if (name != null) {
                    headers.add(name, value == null ? single : value.toString());
                }
                name = null;
                value = null;
                int colon = indexOf(b, line, end, (byte) ':');
                if (colon <= line) {
                    throw new IllegalArgumentException("not a header line: '" + text(b, line, Math.min(end - line, 64)) + "'");
                }
                // Whitespace before the colon, which Netty tolerates in responses, is not the name's.
                int nameLength = trimEnd(b, line, colon) - line;
                int known = clientReadsIndex(b, line, nameLength);
                if (trailers && (known == CONTENT_LENGTH_INDEX || known == TRANSFER_ENCODING_INDEX
                        || equalsIgnoringCase(TRAILER, b, line, nameLength))) {
                    line = lf + 1;
                    continue;
                }
                if (keepAll || known >= 0) {
                    name = known >= 0 ? CLIENT_READS_NAMES[known] : text(b, line, nameLength);
                    int valueStart = trimStart(b, colon + 1, end);
                    single = text(b, valueStart, trimEnd(b, valueStart, end) - valueStart);
                    if (!trailers && known == CONTENT_LENGTH_INDEX) {
                        contentLengthCount++;
                        contentLength = single;
                    } else if (!trailers && known == TRANSFER_ENCODING_INDEX) {
                        transferEncoding = single; // a folded continuation is not expected in framing headers
                    }
                }
            }
            line = lf + 1;
        }
        if (name != null) {
            headers.add(name, value == null ? single : value.toString());
        }
    }

    /** Reads trailer lines (up to and including their empty line) into {@code trailers}. */
    void trailers(byte[] b, int length, HttpHeaders trailers) {
        readHeaders(b, 0, length, trailers, true);
    }

    static boolean clientReads(byte[] b, int start, int length) {
        return clientReadsIndex(b, start, length) >= 0;
    }

    /** The index in {@link #CLIENT_READS} of the name, whatever its case; -1: not one the client reads. */
    private static int clientReadsIndex(byte[] b, int start, int length) {
        for (int i = 0; i < CLIENT_READS_BYTES.length; i++) {
            if (equalsIgnoringCase(CLIENT_READS_BYTES[i], b, start, length)) {
                return i;
            }
        }
        return -1;
    }

    /** @param lower lower-case letters and '-' */
    private static boolean equalsIgnoringCase(byte[] lower, byte[] b, int start, int length) {
        if (lower.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte c = b[start + i];
            if (c != lower[i] && !(c >= 'A' && c <= 'Z' && c + ('a' - 'A') == lower[i])) {
                return false;
            }
        }
        return true;
    }

    /** The index of the LF ending the line at {@code from} (the head always ends with one). */
    private static int lineEnd(byte[] b, int from, int length) {
        int lf = indexOf(b, from, length, (byte) '\n');
        return lf < 0 ? length : lf;
    }

    /** The end of a line's content: before its CR, if any. */
    private static int contentEnd(byte[] b, int from, int lf) {
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int trimStart(byte[] b, int from, int end) {
        while (from < end && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int end) {
        while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String text(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }
}
