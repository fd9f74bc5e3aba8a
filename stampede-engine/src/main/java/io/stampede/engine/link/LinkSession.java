package io.stampede.engine.link;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import reactor.core.publisher.Sinks;

/**
 * One open WebSocket connection of the {@link LinkClient}: its outbound frames (sent from any
 * thread) and when the coordinator was last heard from.
 */
final class LinkSession {

    private final Sinks.Many<WebSocketFrame> frames;
    volatile long lastInboundNanos = System.nanoTime();
    /** Set on the first pong: only a peer known to answer pings is held to the liveness limit. */
    volatile boolean answersPings;

    LinkSession(Sinks.Many<WebSocketFrame> frames) {
        this.frames = frames;
    }

    synchronized void send(String frame) {
        frames.tryEmitNext(new TextWebSocketFrame(frame));
    }

    synchronized void send(byte[] frame) {
        frames.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    synchronized void ping() {
        frames.tryEmitNext(new PingWebSocketFrame());
    }

    /** Sends what is queued, then a close frame. */
    synchronized void complete() {
        frames.tryEmitComplete();
    }

    boolean silentFor(long nanos) {
        return answersPings && System.nanoTime() - lastInboundNanos > nanos;
    }
}
