package io.stampede.engine.link;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import reactor.core.publisher.Sinks;

/**
 * One open WebSocket connection of the {@link LinkClient}: its outbound frames (sent from any
 * thread) and when the coordinator was last heard from.
 */
final class LinkSession {

    /** WebSocket frames and {@link LinkBurst}s. */
    private final Sinks.Many<Object> frames;
    volatile long lastInboundNanos = System.nanoTime();
    /** Set on the first pong: only a peer known to answer pings is held to the liveness limit. */
    volatile boolean answersPings;

    LinkSession(Sinks.Many<Object> frames) {
        this.frames = frames;
    }

    synchronized void send(WebSocketFrame frame) {
        frames.tryEmitNext(frame);
    }

    /** Frames written under one flush (see {@link LinkBurst}). */
    synchronized void send(LinkBurst burst) {
        frames.tryEmitNext(burst);
    }

    /** Sends what is queued, then a close frame. */
    synchronized void complete() {
        frames.tryEmitComplete();
    }

    boolean silentFor(long nanos) {
        return answersPings && System.nanoTime() - lastInboundNanos > nanos;
    }
}
