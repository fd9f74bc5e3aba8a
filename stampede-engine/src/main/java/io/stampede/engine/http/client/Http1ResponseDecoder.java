package io.stampede.engine.http.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The HTTP/1.1 response decoder of a client connection: bytes in, Netty's {@code HttpObject}s out
 * (what {@link ResponseReader} reads), told per request whether it was a HEAD (whose response
 * announces a body that never comes) and whether the caller reads the response's headers.
 *
 * <p>Why not Netty's {@code HttpResponseDecoder}: it copies each line into a buffer of its own,
 * splits it, and makes a string of every header name and value before anything can skip one;
 * it was the largest piece of a worker's Java time per request (perf, docs/performance.md
 * item 10). This one finds the end of a head in the received buffer, copies the head once into a
 * per-thread array and reads it there; a header becomes strings only when it is kept: all of
 * them when the caller reads headers, else only those the client reads itself
 * ({@link #CLIENT_READS}). A response whose body is already in the buffer goes out as one
 * {@link DefaultFullHttpResponse} holding a slice of it (no copy), one message through the
 * pipeline instead of two.
 *
 * <p>Framing as RFC 9112 section 6.3 and as strict as Netty's decoder (the differential test
 * holds them to the same answers): no body for a HEAD, 1xx, 204 and 304; chunked when the last
 * transfer coding is chunked; else Content-Length; else the body runs until the connection
 * closes. Refused: lines ending in a bare LF, both Transfer-Encoding and Content-Length, several
 * Content-Length values. Interim (1xx) responses come out as a head and an empty last content.
 * Obsolete line folding is joined with a space. Limits as Netty's: the status line and each
 * chunk-size line at most {@code maxInitialLineLength}, the header lines at most
 * {@code maxHeaderSize}. Bytes that are not a response become a message whose decoder result is
 * the failure, after which the connection's remaining bytes are dropped (the connection closes it).
 */
final class Http1ResponseDecoder extends ByteToMessageDecoder {

    /** The response headers this client reads itself, lower case: the decoder, the connection, ResponseReader, Http1Exchange. */
    static final String[] CLIENT_READS = {"content-length", "transfer-encoding", "connection", "content-encoding",
            "set-cookie", "location", "upgrade"};
    private static final byte[][] CLIENT_READS_BYTES = new byte[CLIENT_READS.length][];
    /** The same names as Netty's constants: stored as the kept headers' names, their hashes computed once. */
    private static final AsciiString[] CLIENT_READS_NAMES = new AsciiString[CLIENT_READS.length];
    private static final int CONTENT_LENGTH_INDEX = 0;
    private static final int TRANSFER_ENCODING_INDEX = 1;
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER = "trailer".getBytes(StandardCharsets.US_ASCII);
    /** Initial size of each thread's array for heads; it grows for a longer head. */
    static final int INITIAL_HEAD_BYTES = 1024;
    /** A connection's head is read in this thread's array (event loops only): one copy, no allocation once grown. */
    private static final FastThreadLocal<byte[]> HEAD_BYTES = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL_HEAD_BYTES];
        }
    };

    static {
        for (int i = 0; i < CLIENT_READS.length; i++) {
            CLIENT_READS_BYTES[i] = CLIENT_READS[i].getBytes(StandardCharsets.US_ASCII);
            CLIENT_READS_NAMES[i] = AsciiString.cached(CLIENT_READS[i]);
        }
        if (!CLIENT_READS[CONTENT_LENGTH_INDEX].equals("content-length") || !CLIENT_READS[TRANSFER_ENCODING_INDEX].equals("transfer-encoding")) {
            throw new IllegalStateException("CLIENT_READS and its framing indexes disagree");
        }
    }

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, BROKEN }

    private final int maxLineLength;
    private final int maxHeaderSize;
    private final int maxHeadLength;
    private final HttpHeadersFactory headersFactory;
    private final HttpHeadersFactory trailersFactory;
    private State state = State.HEAD;
    /** Bytes of the pending head or trailers already searched for their end, from the reader index. */
    private int scanned;
    /** Body bytes left: of a Content-Length body, or of the current chunk. */
    private long remaining;
    /** The framing headers of the head being read, noted as they are read (no lookups and no list afterwards). */
    private int contentLengthCount;
    private String contentLengthValue;
    private String transferEncodingValue;
    private boolean headRequest;
    private boolean allHeaders = true;

    /**
     * @param config its line and header limits, and its headers and trailers factories
     *               ({@link ClientResponseHeaders#HEADERS}, {@link ClientResponseHeaders#TRAILERS}: they validate the kept ones)
     */
    Http1ResponseDecoder(HttpDecoderConfig config) {
        this.maxLineLength = config.getMaxInitialLineLength();
        this.maxHeaderSize = config.getMaxHeaderSize();
        this.maxHeadLength = config.getMaxInitialLineLength() + config.getMaxHeaderSize();
        this.headersFactory = config.getHeadersFactory();
        this.trailersFactory = config.getTrailersFactory();
    }

    /** @param allHeaders the caller reads the response's headers: keep them all */
    void expectResponseTo(Http1Request request, boolean allHeaders) {
        headRequest = request.isHead();
        this.allHeaders = allHeaders;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!readHead(in, out)) {
                        return;
                    }
                }
                case FIXED_BODY -> {
                    int take = (int) Math.min(in.readableBytes(), remaining);
                    ByteBuf slice = in.readRetainedSlice(take);
                    remaining -= take;
                    if (remaining == 0) {
                        state = State.HEAD;
                        out.add(new DefaultLastHttpContent(slice));
                    } else {
                        out.add(new DefaultHttpContent(slice));
                    }
                }
                case CHUNK_SIZE -> {
                    if (!readChunkSize(in, out)) {
                        return;
                    }
                }
                case CHUNK_DATA -> {
                    int take = (int) Math.min(in.readableBytes(), remaining);
                    out.add(new DefaultHttpContent(in.readRetainedSlice(take)));
                    remaining -= take;
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (!readChunkEnd(in, out)) {
                        return;
                    }
                }
                case TRAILERS -> {
                    if (!readTrailers(in, out)) {
                        return;
                    }
                }
                case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
                case BROKEN -> in.skipBytes(in.readableBytes());
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state == State.UNTIL_CLOSE) {
            // The close ends the body. A close inside a head or a framed body is no response:
            // the connection reports it closed (before the response or during it).
            state = State.HEAD;
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** False: the head is not all here yet. True also after a failure: the loop goes on to drop the bytes (BROKEN). */
    private boolean readHead(ByteBuf in, List<Object> out) {
        if (scanned == 0) {
            skipBlankLines(in);
            if (!in.isReadable()) {
                return false;
            }
        }
        byte[] head;
        int length = scanned == 0 ? endOfLinesInCopy(in) : -1;
        if (length > 0) {
            head = HEAD_BYTES.get(); // the head is there already, copied
        } else {
            length = endOfLines(in);
            head = null;
        }
        if (length == -2) {
            return fail(out, new IllegalArgumentException("a line of the head ends with a bare LF, not CRLF"), false);
        }
        if (length < 0) {
            int firstLine = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (firstLine < 0 && in.readableBytes() > maxLineLength) {
                return fail(out, new TooLongFrameException("an HTTP line is larger than " + maxLineLength + " bytes"), false);
            } else if (in.readableBytes() > maxHeadLength) {
                return fail(out, new TooLongFrameException("the HTTP head is larger than " + maxHeadLength + " bytes"), false);
            }
            return false;
        }
        scanned = 0;
        if (head == null) {
            head = headBytes(in, length);
        }
        in.skipBytes(length);
        HttpResponse response;
        try {
            response = parseHead(head, length);
        } catch (IllegalArgumentException | TooLongFrameException e) {
            return fail(out, e, false);
        }
        frame(response, in, out);
        return true;
    }

    /** Leading CR and LF before a status line (some servers send one after a body) are skipped, as Netty does. */
    private static void skipBlankLines(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            byte b = in.getByte(i);
            if (b != '\r' && b != '\n') {
                break;
            }
            i++;
        }
        in.readerIndex(i);
    }

    /**
     * The length of the lines from the reader index up to and including the empty line that ends
     * them (a head or trailers), -1 when it has not arrived, -2 for a line ending in a bare LF;
     * resumes where the last call stopped.
     */
    private int endOfLines(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int line = start + scanned;
        while (line < end) {
            int lf = in.indexOf(line, end, (byte) '\n');
            if (lf < 0) {
                break;
            }
            if (lf == line || in.getByte(lf - 1) != '\r') {
                return -2; // a bare LF: lines end with CRLF (RFC 9112 2.2), as Netty's decoder insists
            }
            if (lf == line + 1) {
                return lf + 1 - start;
            }
            line = lf + 1;
            scanned = line - start;
        }
        return -1;
    }

    /**
     * The common case, a head that arrived whole: the readable bytes (as many as this thread's
     * array holds) copied at once and searched there, not byte by byte in the buffer (a direct
     * buffer read through its ByteBuffer, without Unsafe, pays a bounds check per byte).
     *
     * @return the head's length, its bytes in {@link #HEAD_BYTES}; -2 for a bare LF; else -1 (not
     *         complete in the copy: the buffer is searched instead)
     */
    private static int endOfLinesInCopy(ByteBuf in) {
        byte[] bytes = HEAD_BYTES.get();
        int copied = Math.min(in.readableBytes(), bytes.length);
        in.getBytes(in.readerIndex(), bytes, 0, copied);
        int line = 0;
        while (line < copied) {
            int lf = indexOf(bytes, line, copied, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf == line || bytes[lf - 1] != '\r') {
                return -2;
            }
            if (lf == line + 1) {
                return lf + 1;
            }
            line = lf + 1;
        }
        return -1;
    }

    private static byte[] headBytes(ByteBuf in, int length) {
        byte[] bytes = HEAD_BYTES.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            HEAD_BYTES.set(bytes);
        }
        in.getBytes(in.readerIndex(), bytes, 0, length);
        return bytes;
    }

    private HttpResponse parseHead(byte[] b, int length) {
        contentLengthCount = 0;
        contentLengthValue = null;
        transferEncodingValue = null;
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
                int nameEnd = colon;
                while (nameEnd > line && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
                    nameEnd--; // whitespace before the colon, which Netty tolerates in responses
                }
                int nameLength = nameEnd - line;
                if (trailers && (equalsIgnoringCase(CONTENT_LENGTH, b, line, nameLength)
                        || equalsIgnoringCase(TRANSFER_ENCODING, b, line, nameLength) || equalsIgnoringCase(TRAILER, b, line, nameLength))) {
                    line = lf + 1;
                    continue;
                }
                int known = clientReadsIndex(b, line, nameLength);
                if (allHeaders || known >= 0) {
                    name = known >= 0 ? CLIENT_READS_NAMES[known] : text(b, line, nameLength);
                    int valueStart = trimStart(b, colon + 1, end);
                    single = text(b, valueStart, trimEnd(b, valueStart, end) - valueStart);
                    if (!trailers && known == CONTENT_LENGTH_INDEX) {
                        contentLengthCount++;
                        contentLengthValue = single;
                    } else if (!trailers && known == TRANSFER_ENCODING_INDEX) {
                        transferEncodingValue = single; // a folded continuation is not expected in framing headers
                    }
                }
            }
            line = lf + 1;
        }
        if (name != null) {
            headers.add(name, value == null ? single : value.toString());
        }
    }

    /** After the head: the response and what of its body is here, and the state for the rest. */
    private void frame(HttpResponse response, ByteBuf in, List<Object> out) {
        int code = response.status().code();
        HttpHeaders headers = response.headers();
        if (code >= 100 && code < 200) {
            out.add(response); // interim: the final response follows
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        if (headRequest || code == 204 || code == 304) {
            out.add(full(response, Unpooled.EMPTY_BUFFER));
            return;
        }
        String transferEncoding = transferEncodingValue;
        if (transferEncoding != null && contentLengthCount > 0) {
            // RFC 9112 6.3 lets the coding win, and calls the message a likely smuggling attempt; Netty rejects it.
            fail(out, new IllegalArgumentException("both transfer-encoding and content-length"), false);
            return;
        }
        if (chunked(transferEncoding)) {
            out.add(response);
            state = State.CHUNK_SIZE;
            return;
        }
        long length;
        try {
            length = contentLength(contentLengthCount, contentLengthValue);
        } catch (IllegalArgumentException e) {
            fail(out, e, false);
            return;
        }
        if (length < 0) {
            out.add(response);
            state = State.UNTIL_CLOSE;
        } else if (length <= in.readableBytes()) {
            out.add(full(response, length == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice((int) length)));
        } else {
            out.add(response);
            remaining = length;
            state = State.FIXED_BODY;
        }
    }

    private static DefaultFullHttpResponse full(HttpResponse head, ByteBuf content) {
        return new DefaultFullHttpResponse(head.protocolVersion(), head.status(), content, head.headers(),
                EmptyHttpHeaders.INSTANCE);
    }

    private static boolean chunked(String transferEncoding) {
        if (transferEncoding == null) {
            return false;
        }
        int comma = transferEncoding.lastIndexOf(',');
        return transferEncoding.substring(comma + 1).trim().equalsIgnoreCase("chunked");
    }

    /** -1 when there is none; else its one value (several values, even equal ones, are refused, as Netty does). */
    private static long contentLength(int count, String value) {
        if (count == 0) {
            return -1;
        }
        if (count > 1 || value.indexOf(',') >= 0) {
            throw new IllegalArgumentException("several content-length values");
        }
        int length = value.length();
        if (length == 0 || length > 18) {
            throw new IllegalArgumentException("invalid content-length: '" + value + "'");
        }
        long parsed = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid content-length: '" + value + "'");
            }
            parsed = parsed * 10 + (c - '0');
        }
        return parsed;
    }

    /** The CRLF after a chunk's data. */
    private boolean readChunkEnd(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.getByte(start) != '\r') {
            return fail(out, new IllegalArgumentException("no CRLF after a chunk's data"), true);
        }
        if (in.readableBytes() < 2) {
            return false;
        }
        if (in.getByte(start + 1) != '\n') {
            return fail(out, new IllegalArgumentException("no CRLF after a chunk's data"), true);
        }
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
        return true;
    }

    /** A chunk-size line: hex digits, optionally extensions after ';' (ignored). */
    private boolean readChunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength) {
                return fail(out, new TooLongFrameException("a chunk-size line is larger than " + maxLineLength + " bytes"), true);
            }
            return false;
        }
        long size = 0;
        int digits = 0;
        int i = start;
        for (; i < lf; i++) {
            int d = Character.digit(in.getByte(i), 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                return fail(out, new IllegalArgumentException("chunk size too large"), true);
            }
            size = size * 16 + d;
        }
        byte after = i < lf ? in.getByte(i) : (byte) '\n';
        if (digits == 0 || in.getByte(lf - 1) != '\r' || (after != ';' && after != ' ' && after != '\t' && after != '\r')) {
            return fail(out, new IllegalArgumentException("invalid chunk size: '" + in.toString(start, Math.min(lf - start, 64),
                    StandardCharsets.ISO_8859_1).trim() + "'"), true);
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean readTrailers(ByteBuf in, List<Object> out) {
        int length = endOfLines(in);
        if (length == -2) {
            return fail(out, new IllegalArgumentException("a trailer line ends with a bare LF, not CRLF"), true);
        }
        if (length < 0) {
            if (in.readableBytes() > maxHeadLength) {
                return fail(out, new TooLongFrameException("the trailers are larger than " + maxHeadLength + " bytes"), true);
            }
            return false;
        }
        scanned = 0;
        HttpHeaders trailers;
        if (length <= 2) {
            trailers = EmptyHttpHeaders.INSTANCE;
        } else {
            trailers = trailersFactory.newHeaders();
            try {
                readHeaders(headBytes(in, length), 0, length, trailers, true);
            } catch (IllegalArgumentException e) {
                return fail(out, e, true);
            }
        }
        in.skipBytes(length);
        state = State.HEAD;
        out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
        return true;
    }

    /**
     * Emits the failure (as a head, or inside a body as its last content); the connection's
     * remaining bytes are dropped from now on.
     *
     * @return true: the decode loop goes on, into BROKEN, which consumes the bytes
     */
    private boolean fail(List<Object> out, Exception cause, boolean inBody) {
        state = State.BROKEN;
        scanned = 0;
        if (inBody) {
            LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
            last.setDecoderResult(DecoderResult.failure(cause));
            out.add(last);
        } else {
            HttpResponse invalid = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.valueOf(999), headersFactory);
            invalid.setDecoderResult(DecoderResult.failure(cause));
            out.add(invalid);
        }
        return true;
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

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
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
