package io.stampede.engine.http.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to an origin, and the last handler of its pipeline. It carries one
 * exchange at a time (no pipelining, as wrk, Locust and browsers do) and lives on one event
 * loop: every field is touched only there, so nothing is synchronized.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter {

    final OriginPool pool;
    final Http1ResponseDecoder decoder;
    Channel channel;
    /** The exchange whose request was written last and whose response is awaited; null when idle. */
    private Http1Exchange exchange;
    private HttpResponse head;
    private boolean skippingInformational;
    /** Inflates the body of the response being read when it came gzip- or deflate-encoded; null otherwise (no cost). */
    private EmbeddedChannel inflater;
    /** Body bytes of the response being read as they came over the wire (before inflating). */
    private long wireLength;
    /** Responses completed on this connection: a reused connection may have been closed by the server meanwhile. */
    int served;
    long idleSinceNanos;
    /** Links of the pool's idle list (see OriginPool.IdleConnections); touched only by the pool. */
    boolean idle;
    Http1Connection idlePrevious;
    Http1Connection idleNext;
    private boolean closed;

    Http1Connection(OriginPool pool, Http1ResponseDecoder decoder) {
        this.pool = pool;
        this.decoder = decoder;
    }

    boolean isUsable() {
        return !closed && channel.isActive();
    }

    /** @param cookies the {@code Cookie} header from the user's jar, or null */
    void send(Http1Exchange next, Http1Request request, String cookies) {
        exchange = next;
        head = null;
        decoder.expectResponseTo(request);
        // Errors of a void-promise write reach exceptionCaught, which fails the exchange.
        HttpProxies.Proxy forward = pool.forwardProxy();
        channel.writeAndFlush(forward == null ? request.encode(channel.alloc(), cookies)
                : request.encodeForProxy(channel.alloc(), cookies, forward.authorization()), channel.voidPromise());
    }

    /** Drops the exchange in flight (timeout, cancel): the response may still come, so the connection cannot be reused. */
    void abort() {
        exchange = null;
        channel.close();
    }

    void close() {
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            read(message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void read(Object message) {
        Http1Exchange current = exchange;
        if (message instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                broken(current, response.decoderResult().cause());
                return;
            }
            if (current == null) {
                channel.close(); // a response nobody asked for: the connection's framing cannot be trusted
                return;
            }
            // 100 Continue and other interim responses precede the real one.
            skippingInformational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!skippingInformational) {
                head = response;
                wireLength = 0;
                inflater = inflaterFor(response.headers().get(HttpHeaderNames.CONTENT_ENCODING));
                current.onHead(response);
            }
        }
        if (message instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                broken(current, content.decoderResult().cause());
                return;
            }
            if (skippingInformational) {
                skippingInformational = !(content instanceof LastHttpContent);
                return;
            }
            if (current == null || head == null) {
                return;
            }
            ByteBuf bytes = content.content();
            wireLength += bytes.readableBytes();
            boolean last = content instanceof LastHttpContent;
            if (inflater == null) {
                current.onContent(bytes);
            } else if (!inflate(current, bytes, last)) {
                return;
            }
            if (last) {
                boolean keepAlive = HttpUtil.isKeepAlive(head);
                exchange = null;
                head = null;
                served++;
                pool.received(wireLength);
                // Back to the pool before the exchange completes: the user's next request may take it at once.
                pool.release(this, keepAlive);
                current.onComplete(wireLength);
            }
        }
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
            broken(current, new IllegalStateException("cannot decompress the " + head.headers().get(HttpHeaderNames.CONTENT_ENCODING)
                    + " body: " + e.getMessage(), e));
            return false;
        }
    }

    private void dropInflater() {
        if (inflater != null) {
            inflater.finishAndReleaseAll();
            inflater = null;
        }
    }

    private void broken(Http1Exchange current, Throwable cause) {
        exchange = null;
        channel.close();
        if (current != null) {
            current.onConnectionFailed(new Http1Exception.InvalidResponse(cause), false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        dropInflater();
        pool.closed(this);
        Http1Exchange current = exchange;
        if (current != null) {
            exchange = null;
            current.onConnectionFailed(new Http1Exception.ConnectionClosed(null), head == null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http1Exchange current = exchange;
        exchange = null;
        ctx.close();
        if (current != null) {
            current.onConnectionFailed(cause, head == null);
        }
    }
}
