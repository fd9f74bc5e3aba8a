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
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
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
 * per-thread array and reads it there ({@link ResponseHeadReader}); a header becomes strings only when it is kept: all of
 * them when the caller reads headers, else only those the client reads itself
 * ({@link ResponseHeadReader#CLIENT_READS}). A response whose body is already in the buffer goes out as one
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

    /** Initial size of each thread's array for heads; it grows for a longer head. */
    static final int INITIAL_HEAD_BYTES = 1024;
    /** A connection's head is read in this thread's array (event loops only): one copy, no allocation once grown. */
    private static final FastThreadLocal<byte[]> HEAD_BYTES = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL_HEAD_BYTES];
        }
    };

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, BROKEN }

    private final int maxLineLength;
    private final int maxHeadLength;
    private final HttpHeadersFactory trailersFactory;
    /** Reads the heads and trailers, keeping the headers asked for and noting the framing ones. */
    private final ResponseHeadReader heads;
    private State state = State.HEAD;
    /** Bytes of the pending head or trailers already searched for their end, from the reader index. */
    private int scanned;
    /** Body bytes left: of a Content-Length body, or of the current chunk. */
    private long remaining;
    private boolean headRequest;

    /**
     * @param config its line and header limits, and its headers and trailers factories
     *               ({@link ClientResponseHeaders#HEADERS}, {@link ClientResponseHeaders#TRAILERS}: they validate the kept ones)
     */
    Http1ResponseDecoder(HttpDecoderConfig config) {
        this.maxLineLength = config.getMaxInitialLineLength();
        this.maxHeadLength = config.getMaxInitialLineLength() + config.getMaxHeaderSize();
        this.trailersFactory = config.getTrailersFactory();
        this.heads = new ResponseHeadReader(config.getMaxInitialLineLength(), config.getMaxHeaderSize(), config.getHeadersFactory());
    }

    /** @param allHeaders the caller reads the response's headers: keep them all */
    void expectResponseTo(Http1Request request, boolean allHeaders) {
        headRequest = request.isHead();
        heads.keepAllHeaders(allHeaders);
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
            response = heads.head(head, length);
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
            int lf = ResponseHeadReader.indexOf(bytes, line, copied, (byte) '\n');
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

    /** After the head: the response and what of its body is here, and the state for the rest. */
    private void frame(HttpResponse response, ByteBuf in, List<Object> out) {
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            out.add(response); // interim: the final response follows
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        if (headRequest || code == 204 || code == 304) {
            out.add(full(response, Unpooled.EMPTY_BUFFER));
            return;
        }
        String transferEncoding = heads.transferEncoding;
        if (transferEncoding != null && heads.contentLengthCount > 0) {
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
            length = contentLength(heads.contentLengthCount, heads.contentLength);
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
                heads.trailers(headBytes(in, length), length, trailers);
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
            HttpResponse invalid = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.valueOf(999), heads.headersFactory);
            invalid.setDecoderResult(DecoderResult.failure(cause));
            out.add(invalid);
        }
        return true;
    }


}
