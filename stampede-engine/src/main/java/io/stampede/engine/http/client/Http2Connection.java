package io.stampede.engine.http.client;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * One HTTP/2 connection to an origin: Netty's {@link Http2ConnectionHandler} (framing, HPACK, flow
 * control, stream states) and, as the last handler of the pipeline, this one. It learns the
 * server's stream limit from its SETTINGS, stops taking streams on GOAWAY, and dispatches each
 * stream's frames to its {@link Http2Stream} by stream id. Streams are not channels: a request
 * costs a map entry and a headers frame, not a child channel and pipeline. Lives on one event
 * loop, like its pool.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

    /** Per stream; the connection's own window grows with the streams' consumption (Netty's default ratio). */
    private static final int INITIAL_WINDOW = 1 << 20;

    final Http2Pool pool;
    private Channel channel;
    private Http2ConnectionHandler codec;
    private ChannelHandlerContext codecContext;
    /** Streams sent and not yet closed, by id. */
    private final IntObjectMap<Http2Stream> streams = new IntObjectHashMap<>();
    /** The server's first SETTINGS arrived: streams may be opened. */
    boolean ready;
    /** The server's SETTINGS_MAX_CONCURRENT_STREAMS; unlimited until it says. */
    long maxStreams = Long.MAX_VALUE;
    /** Streams open or being opened. */
    int active;
    /** Responses completed on this connection. */
    int served;
    private boolean goingAway;
    private boolean closed;
    private long idleSinceNanos = System.nanoTime();
    /** Why the connection failed before it was ready (TLS handshake...), for the exchange that waited for it. */
    private Throwable failure;

    Http2Connection(Http2Pool pool) {
        this.pool = pool;
    }

    /** Netty's connection handler, client side: no server push, our window size, streams beyond a lowered limit buffered. */
    private Http2ConnectionHandler newCodec() {
        Http2Settings settings = Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(INITIAL_WINDOW);
        codec = new Http2ConnectionHandlerBuilder().server(false).frameListener(new Frames())
                .initialSettings(settings).encoderEnforceMaxConcurrentStreams(true).build();
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
                if (!ready && failure == null) {
                    // The codec refused the server's first bytes (an HTTP/1.1 server answering h2c's preface, typically).
                    failure = new Http1Exception.InvalidResponse(new IllegalStateException("the server does not speak HTTP/2 here"
                            + (channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null ? " (h2c with prior knowledge)" : "")
                            + ": " + debugData.toString(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }

            @Override
            public void onStreamClosed(io.netty.handler.codec.http2.Http2Stream stream) {
                Http2Stream closedStream = streams.remove(stream.id());
                if (closedStream != null) {
                    closedStream.closed();
                }
            }
        });
        return codec;
    }

    /** The codec at the pipeline's end (h2c with prior knowledge: its preface goes out as the connection opens). */
    void addCodec(ChannelPipeline pipeline) {
        pipeline.addLast(newCodec());
    }

    /** For TLS: adds the HTTP/2 codec when ALPN chose h2, hands the origin to HTTP/1.1 otherwise. */
    ApplicationProtocolNegotiationHandler protocolNegotiation() {
        return new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    // Between this handler (which removes itself) and the connection handler, which stays last.
                    ctx.pipeline().addAfter(ctx.name(), null, newCodec());
                } else {
                    pool.fallBackToHttp1();
                    ctx.close();
                }
            }

            @Override
            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                failure = cause; // reported to the waiting exchange when the channel closes
                ctx.close();
            }
        };
    }

    boolean acceptsStream() {
        return ready && !goingAway && !closed && active < maxStreams && channel.isActive();
    }

    /** GOAWAY came: the connection finishes its streams and then closes. */
    boolean draining() {
        return goingAway && active == 0;
    }

    boolean idleSince(long deadlineNanos) {
        return ready && active == 0 && idleSinceNanos - deadlineNanos < 0;
    }

    /** Gives the exchange a new stream of this connection; its request goes out at once. */
    void open(Http1Exchange exchange) {
        active++;
        exchange.assign(new Http2Stream(this, served > 0));
    }

    /** Sends the request as the stream's headers (and body) frames. */
    void send(Http2Stream stream, Http1Request request, String cookies) {
        int id = codec.connection().local().incrementAndGetNextStreamId();
        if (id < 0) {
            goingAway = true; // stream ids used up: this connection is done, the pool opens another
            stream.failed(new Http1Exception.ConnectionClosed(null), true);
            return;
        }
        stream.id = id;
        streams.put(id, stream);
        byte[] body = request.body();
        boolean empty = body == null || body.length == 0;
        ChannelFuture headers = codec.encoder().writeHeaders(codecContext, id, request.http2Headers(cookies), 0, empty,
                codecContext.newPromise());
        headers.addListener(written -> failIfNotWritten(stream, written.cause()));
        if (!empty) {
            codec.encoder().writeData(codecContext, id, Unpooled.wrappedBuffer(body), 0, true, codecContext.newPromise())
                    .addListener(written -> failIfNotWritten(stream, written.cause()));
        }
        channel.flush(); // through the codec's flush, which writes flow-controlled data first
    }

    private static void failIfNotWritten(Http2Stream stream, Throwable cause) {
        if (cause != null) {
            stream.failed(cause, true);
        }
    }

    /** Resets the stream (RST_STREAM CANCEL): the exchange gave up on it; the connection goes on. */
    void cancel(Http2Stream stream) {
        if (stream.id > 0 && streams.remove(stream.id) != null && channel.isActive()) {
            codec.encoder().writeRstStream(codecContext, stream.id, Http2Error.CANCEL.code(), codecContext.newPromise());
            channel.flush();
        }
    }

    /** A stream of this connection is over, whatever its outcome; called once per {@link #open}. */
    void streamEnded() {
        active--;
        if (active == 0) {
            idleSinceNanos = System.nanoTime();
        }
        if (!closed) {
            pool.streamEnded(this);
        }
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            failure = handshake.cause();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        // Netty closes the streams as the connection goes; any left are failed here.
        List<Http2Stream> left = new ArrayList<>(streams.values());
        streams.clear();
        for (Http2Stream stream : left) {
            stream.closed();
        }
        pool.closed(this, failure);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    /** The server's frames, from the codec. */
    private final class Frames extends Http2EventAdapter {

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
            codecContext = ctx;
            Long limit = settings.maxConcurrentStreams();
            if (limit != null) {
                maxStreams = limit;
            }
            boolean first = !ready;
            ready = true;
            pool.settled(Http2Connection.this, first);
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            goingAway = true; // streams above lastStreamId are closed by the codec (and retried when safe)
            pool.goingAway(Http2Connection.this);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            Http2Stream stream = streams.get(streamId);
            if (stream != null) {
                stream.resetBy(Http2Error.valueOf(errorCode));
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
            Http2Stream stream = streams.get(streamId);
            if (stream != null) {
                stream.headers(headers, endOfStream);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            Http2Stream stream = streams.get(streamId);
            if (stream != null) {
                stream.data(data, endOfStream);
            }
            return data.readableBytes() + padding; // consumed at once: the codec returns the window to the server
        }
    }
}
