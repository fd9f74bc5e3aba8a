package io.stampede.engine.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import io.stampede.engine.loop.CompletionBatching;

/**
 * One keep-alive connection to an origin, and the last handler of its pipeline. It carries one
 * exchange at a time (no pipelining, as wrk, Locust and browsers do) and lives on one event
 * loop: every field is touched only there, so nothing is synchronized.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements ExchangeCarrier {

    final OriginPool pool;
    final Http1ResponseDecoder decoder;
    Channel channel;
    /** The exchange whose request was written last and whose response is awaited; null when idle. */
    private Http1Exchange exchange;
    private final ResponseReader reader = new ResponseReader();
    /** Responses completed on this connection: a reused connection may have been closed by the server meanwhile. */
    int served;
    long idleSinceNanos;
    /** Links of the pool's idle list (see OriginPool.IdleConnections); touched only by the pool. */
    boolean idle;
    Http1Connection idlePrevious;
    Http1Connection idleNext;
    private boolean closed;
    /** This loop's batching (null when it has none), looked up at the first request. */
    private CompletionBatching batching;
    private boolean batchingLooked;

    Http1Connection(OriginPool pool, Http1ResponseDecoder decoder) {
        this.pool = pool;
        this.decoder = decoder;
    }

    boolean isUsable() {
        return !closed && channel.isActive();
    }

    @Override
    public boolean reused() {
        return served > 0;
    }

    /** @param cookies the {@code Cookie} header from the user's jar, or null */
    @Override
    public void send(Http1Exchange next, Http1Request request, String cookies) {
        exchange = next;
        reader.reset();
        decoder.expectResponseTo(request, next.allHeaders);
        // Errors of a void-promise write reach exceptionCaught, which fails the exchange.
        HttpProxies.Proxy forward = pool.forwardProxy();
        ByteBuf encoded = forward == null ? request.encode(channel.alloc(), cookies)
                : request.encodeForProxy(channel.alloc(), cookies, forward.authorization());
        if (!batchingLooked) {
            batching = CompletionBatching.onThisLoop();
            batchingLooked = true;
        }
        if (batching != null) {
            batching.requestSent();
        }
        if (batching != null && batching.deferFlush(channel)) {
            channel.write(encoded, channel.voidPromise()); // flushed by the loop when its turn is over
        } else {
            channel.writeAndFlush(encoded, channel.voidPromise());
        }
    }

    /** The exchange in flight, now taken off this connection (null when there was none). */
    private Http1Exchange takeExchange() {
        Http1Exchange current = exchange;
        if (current != null) {
            exchange = null;
            if (batching != null) {
                batching.requestEnded();
            }
        }
        return current;
    }

    /** Drops the exchange in flight (timeout, cancel): the response may still come, so the connection cannot be reused. */
    @Override
    public void abort() {
        takeExchange();
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
        if (current == null && message instanceof HttpResponse response && !response.decoderResult().isFailure()) {
            channel.close(); // a response nobody asked for: the connection's framing cannot be trusted
            return;
        }
        switch (reader.read(message, current)) {
            case MORE -> {
            }
            case BROKEN -> broken(current, reader.failure());
            case COMPLETE -> {
                boolean keepAlive = HttpUtil.isKeepAlive(reader.head());
                long wireLength = reader.wireLength();
                takeExchange();
                reader.reset();
                served++;
                pool.received(wireLength);
                // Back to the pool before the exchange completes: the user's next request may take it at once.
                pool.release(this, keepAlive);
                current.onComplete(wireLength);
            }
        }
    }

    private void broken(Http1Exchange current, Throwable cause) {
        takeExchange();
        channel.close();
        if (current != null) {
            current.onConnectionFailed(new Http1Exception.InvalidResponse(cause), false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        reader.dropInflater();
        pool.closed(this);
        Http1Exchange current = takeExchange();
        if (current != null) {
            current.onConnectionFailed(new Http1Exception.ConnectionClosed(null), reader.head() == null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http1Exchange current = takeExchange();
        ctx.close();
        if (current != null) {
            current.onConnectionFailed(cause, reader.head() == null);
        }
    }
}
