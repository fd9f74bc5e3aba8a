package io.stampede.engine.http.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * One HTTP/2 connection to an origin, and the last handler of its pipeline (after Netty's frame
 * codec and multiplexer): it learns the server's stream limit from its SETTINGS, stops taking
 * streams on GOAWAY, and opens a child channel ({@link Http2Stream}) per request. Lives on one
 * event loop, like its pool.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

    /** Per stream; the connection's own window grows with the streams' consumption (Netty's default ratio). */
    private static final int INITIAL_WINDOW = 1 << 20;

    final Http2Pool pool;
    private final Origin origin;
    private Channel channel;
    private Http2StreamChannelBootstrap streams;
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

    Http2Connection(Http2Pool pool, Origin origin) {
        this.pool = pool;
        this.origin = origin;
    }

    /** Netty's frame codec (client side: no server push, our window size) and the stream multiplexer. */
    private static ChannelHandler[] codec() {
        Http2Settings settings = Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(INITIAL_WINDOW);
        return new ChannelHandler[] {
                Http2FrameCodecBuilder.forClient().initialSettings(settings)
                        // Streams beyond a lowered limit wait in the codec instead of failing.
                        .encoderEnforceMaxConcurrentStreams(true)
                        .build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter())};
    }

    /** The codec at the pipeline's end (h2c with prior knowledge: its preface goes out as the connection opens). */
    void addCodec(ChannelPipeline pipeline) {
        pipeline.addLast(codec());
    }

    /** For TLS: adds the HTTP/2 codec when ALPN chose h2, hands the origin to HTTP/1.1 otherwise. */
    ApplicationProtocolNegotiationHandler protocolNegotiation() {
        return new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    // Between this handler (which removes itself) and the connection handler, which stays last.
                    String previous = ctx.name();
                    for (ChannelHandler handler : codec()) {
                        ctx.pipeline().addAfter(previous, null, handler);
                        previous = ctx.pipeline().context(handler).name();
                    }
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

    /** Opens a stream for the exchange and sends its request there. */
    void open(Http1Exchange exchange) {
        active++;
        Http2Stream stream = new Http2Stream(this, served > 0);
        streams.open().addListener((Future<Http2StreamChannel> opened) -> {
            if (!opened.isSuccess()) {
                streamEnded();
                exchange.onConnectionFailed(opened.cause(), true);
                return;
            }
            opened.getNow().pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), stream);
            exchange.assign(stream);
        });
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
        streams = new Http2StreamChannelBootstrap(channel);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (message instanceof Http2SettingsFrame settings) {
                Long limit = settings.settings().maxConcurrentStreams();
                if (limit != null) {
                    maxStreams = limit;
                }
                boolean first = !ready;
                ready = true;
                pool.settled(this, first);
            } else if (message instanceof Http2GoAwayFrame) {
                goingAway = true; // streams above its last stream id are closed by the multiplexer (and retried when safe)
                pool.goingAway(this);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
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
        pool.closed(this, failure);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }
}
