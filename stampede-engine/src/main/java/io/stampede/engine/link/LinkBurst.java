package io.stampede.engine.link;

import java.util.List;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Frames of the worker link written together, under one flush: a heartbeat's ping, the heartbeat
 * and the stats report it rides with leave in one TCP segment, so a coordinator of a thousand
 * workers reads a worker's second in one wake-up instead of three. Sent as one item of the
 * outbound stream (frames sent one by one from another thread are flushed one by one, or by the
 * stream's asynchronous flush, as the event loop drains them); {@link #ENCODER}, in the
 * connection's pipeline, hands its frames to the WebSocket encoder.
 *
 * @param frames in order; their buffers are the pipeline's once the burst is written
 */
public record LinkBurst(List<WebSocketFrame> frames) {

    public LinkBurst {
        frames = List.copyOf(frames);
    }

    public LinkBurst(WebSocketFrame... frames) {
        this(List.of(frames));
    }

    /** Turns a burst into its frames, for the WebSocket encoder before it. Stateless: one for every connection. */
    public static final ChannelHandler ENCODER = new Encoder();

    @ChannelHandler.Sharable
    private static final class Encoder extends MessageToMessageEncoder<LinkBurst> {
        Encoder() {
            super(LinkBurst.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, LinkBurst burst, List<Object> out) {
            out.addAll(burst.frames());
        }
    }
}
