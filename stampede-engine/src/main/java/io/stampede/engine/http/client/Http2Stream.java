package io.stampede.engine.http.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One request and its response on a stream of an {@link Http2Connection}: the last handler of the
 * stream's child channel, after Netty's frame-to-{@code HttpObject} codec, so the response is read
 * by the same {@link ResponseReader} as over HTTP/1.1 (status, body, gzip/deflate, wire bytes).
 */
final class Http2Stream extends ChannelInboundHandlerAdapter implements ExchangeCarrier {

    private final Http2Connection connection;
    private final boolean reused;
    private final ResponseReader reader = new ResponseReader();
    private Channel channel;
    private Http1Exchange exchange;
    private boolean ended;
    /** The server's RST_STREAM code, if it reset the stream. */
    private Http2Error reset;

    Http2Stream(Http2Connection connection, boolean reused) {
        this.connection = connection;
        this.reused = reused;
    }

    @Override
    public boolean reused() {
        return reused;
    }

    @Override
    public void send(Http1Exchange next, Http1Request request, String cookies) {
        exchange = next;
        byte[] body = request.body();
        boolean empty = body == null || body.length == 0;
        channel.write(new DefaultHttp2HeadersFrame(request.http2Headers(cookies), empty))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!empty) {
            channel.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
        channel.flush();
    }

    /** Closing the stream's channel resets the stream (RST_STREAM CANCEL); the connection stays. */
    @Override
    public void abort() {
        exchange = null;
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            Http1Exchange current = exchange;
            switch (reader.read(message, current)) {
                case MORE -> {
                }
                case BROKEN -> failed(new Http1Exception.InvalidResponse(reader.failure()), false);
                case COMPLETE -> {
                    long wireLength = reader.wireLength();
                    exchange = null;
                    connection.served++;
                    connection.pool.received(wireLength);
                    // The stream is free for the next request before this exchange completes.
                    end();
                    current.onComplete(wireLength);
                }
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2ResetFrame resetFrame) {
            reset = Http2Error.valueOf(resetFrame.errorCode());
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reader.dropInflater();
        failed(reset != null ? new Http1Exception.StreamReset(reset.name())
                : new Http1Exception.ConnectionClosed(null), reader.head() == null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(cause, reader.head() == null);
    }

    private void failed(Throwable cause, boolean beforeResponse) {
        Http1Exchange current = exchange;
        exchange = null;
        end();
        channel.close();
        if (current != null) {
            current.onConnectionFailed(cause, beforeResponse);
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            connection.streamEnded();
        }
    }
}
