package io.stampede.engine.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Reads one response at a time, as Netty's {@code HttpObject}s, into its exchange: skips interim
 * responses (100 Continue), inflates gzip and deflate bodies, counts the body's bytes on the wire.
 * Shared by HTTP/1.1 connections (objects from the response decoder) and HTTP/2 streams (objects
 * from {@code Http2StreamFrameToHttpObjectCodec}), so a response is handled alike over both.
 * Confined to its channel's event loop.
 */
final class ResponseReader {

    /** What a message meant for the response being read. */
    enum Outcome { MORE, COMPLETE, BROKEN }

    private HttpResponse head;
    private boolean skippingInformational;
    /** Inflates the body of the response being read when it came gzip- or deflate-encoded; null otherwise (no cost). */
    private EmbeddedChannel inflater;
    /** Body bytes of the response being read as they came over the wire (before inflating). */
    private long wireLength;
    private Throwable failure;

    /** A new request went out: its response comes next. */
    void reset() {
        head = null;
        skippingInformational = false;
        dropInflater();
    }

    /** The final response's head once it arrived; null before (the request may be sent again). */
    HttpResponse head() {
        return head;
    }

    long wireLength() {
        return wireLength;
    }

    /** Why the response is {@link Outcome#BROKEN}. */
    Throwable failure() {
        return failure;
    }

    /**
     * @param current the exchange awaiting the response; null: the message is dropped
     */
    Outcome read(Object message, Http1Exchange current) {
        if (message instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                return broken(response.decoderResult().cause());
            }
            skippingInformational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!skippingInformational && current != null) {
                head = response;
                wireLength = 0;
                inflater = inflaterFor(response.headers().get(HttpHeaderNames.CONTENT_ENCODING));
                current.onHead(response);
            }
        }
        if (message instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                return broken(content.decoderResult().cause());
            }
            if (skippingInformational) {
                skippingInformational = !(content instanceof LastHttpContent);
                return Outcome.MORE;
            }
            if (current == null || head == null) {
                return Outcome.MORE;
            }
            ByteBuf bytes = content.content();
            wireLength += bytes.readableBytes();
            boolean last = content instanceof LastHttpContent;
            if (inflater == null) {
                current.onContent(bytes);
            } else if (!inflate(current, bytes, last)) {
                return Outcome.BROKEN;
            }
            if (last) {
                return Outcome.COMPLETE;
            }
        }
        return Outcome.MORE;
    }

    /** Netty's zlib decoder for a gzip or deflate body, as its HttpContentDecompressor picks it; null for any other coding. */
    private static EmbeddedChannel inflaterFor(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        String coding = contentEncoding.trim();
        ZlibWrapper wrapper;
        if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
            wrapper = ZlibWrapper.GZIP;
        } else if (coding.equalsIgnoreCase("deflate") || coding.equalsIgnoreCase("x-deflate")) {
            wrapper = ZlibWrapper.ZLIB_OR_NONE; // servers send both zlib-wrapped and raw deflate under this name
        } else {
            return null; // identity, br, ...: the body is handed on as it came
        }
        return new EmbeddedChannel(false, ZlibCodecFactory.newZlibDecoder(wrapper, 0));
    }

    /** Feeds wire bytes to the inflater and the inflated ones to the exchange; false when the body is corrupt. */
    private boolean inflate(Http1Exchange current, ByteBuf bytes, boolean last) {
        EmbeddedChannel channel = inflater;
        try {
            if (bytes.isReadable()) {
                channel.writeInbound(bytes.retain());
            }
            if (last) {
                channel.finish();
                inflater = null;
            }
            ByteBuf inflated;
            while ((inflated = channel.readInbound()) != null) {
                try {
                    current.onContent(inflated);
                } finally {
                    inflated.release();
                }
            }
            return true;
        } catch (RuntimeException e) {
            inflater = null;
            channel.finishAndReleaseAll();
            failure = new IllegalStateException("cannot decompress the " + head.headers().get(HttpHeaderNames.CONTENT_ENCODING)
                    + " body: " + e.getMessage(), e);
            return false;
        }
    }

    private Outcome broken(Throwable cause) {
        failure = cause;
        return Outcome.BROKEN;
    }

    /** Releases the inflater of a response that will not complete (connection or stream closed). */
    void dropInflater() {
        if (inflater != null) {
            inflater.finishAndReleaseAll();
            inflater = null;
        }
    }
}
