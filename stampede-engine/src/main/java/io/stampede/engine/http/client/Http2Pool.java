package io.stampede.engine.http.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslContext;

/**
 * The HTTP/2 connections of one event loop to one origin. Each carries up to the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} requests at once; a request takes a stream on the first
 * connection with one free, and a new connection is opened only when every open one is full (and
 * the connection limit allows), so a thousand users share a few connections as browsers would.
 * An origin that turns out not to speak h2 (ALPN chose http/1.1; plain http through a forward
 * proxy) is served by an HTTP/1.1 pool from then on. Confined to its event loop.
 */
final class Http2Pool implements ConnectionPool {

    /** Streams a connection is assumed to take before its server's SETTINGS said (RFC 9113 recommends at least 100). */
    private static final int ASSUMED_STREAMS = 100;

    private final Origin origin;
    private final OriginDialer dialer;
    private final SslContext ssl;
    private final int maxConnections;
    private final LongAdder openTotal;
    private final LongAdder receivedTotal;
    private final Supplier<OriginPool> http1Pool;
    /** Set once the origin is known to answer HTTP/1.1 only: every exchange goes there. */
    private OriginPool http1;
    /** Open and opening connections, oldest first: requests fill the oldest ones, so surplus ones go idle and age out. */
    private final List<Http2Connection> connections = new ArrayList<>();
    private final ArrayDeque<Http1Exchange> waiting = new ArrayDeque<>();
    private int connecting;
    /** The concurrent streams the last server SETTINGS allowed: what a connection being opened will take. */
    private int expectedStreams = ASSUMED_STREAMS;
    private boolean closed;

    /**
     * @param ssl       for https: offering h2 by ALPN
     * @param http1Pool the origin's HTTP/1.1 pool, made when the origin does not speak h2
     */
    Http2Pool(Origin origin, OriginDialer dialer, SslContext ssl, int maxConnections, LongAdder openTotal,
              LongAdder receivedTotal, Supplier<OriginPool> http1Pool) {
        this.origin = origin;
        this.dialer = dialer;
        this.ssl = ssl;
        this.maxConnections = maxConnections;
        this.openTotal = openTotal;
        this.receivedTotal = receivedTotal;
        this.http1Pool = http1Pool;
        if (dialer.forwardProxy() != null) {
            http1 = http1Pool.get(); // a forward proxy relays HTTP/1.1 requests only
        }
    }

    @Override
    public void acquire(Http1Exchange exchange) {
        if (http1 != null) {
            http1.acquire(exchange);
            return;
        }
        if (closed) {
            exchange.onConnectFailed(new IllegalStateException("the HTTP client is closed"));
            return;
        }
        for (Http2Connection connection : connections) {
            if (connection.acceptsStream()) {
                connection.open(exchange);
                return;
            }
        }
        waiting.addLast(exchange);
        connectIfNeeded();
    }

    @Override
    public void forget(Http1Exchange exchange) {
        waiting.remove(exchange);
        if (http1 != null) {
            http1.forget(exchange);
        }
    }

    /** The server's SETTINGS arrived (the first makes the connection usable) or changed the stream limit. */
    void settled(Http2Connection connection, boolean first) {
        if (first) {
            connecting--;
            expectedStreams = (int) Math.clamp(connection.maxStreams, 1, 10_000);
        }
        serveWaiting(connection);
        connectIfNeeded();
    }

    /** A stream of the connection ended (response complete, reset, or failed). */
    void streamEnded(Http2Connection connection) {
        if (connection.draining()) {
            connection.close();
            return;
        }
        serveWaiting(connection);
    }

    /** The server sent GOAWAY: no new streams there; a replacement may be needed. */
    void goingAway(Http2Connection connection) {
        if (connection.draining()) {
            connection.close();
        }
        connectIfNeeded();
    }

    /** ALPN chose http/1.1: this origin is served by HTTP/1.1 from now on, waiting exchanges included. */
    void fallBackToHttp1() {
        if (http1 == null) {
            http1 = http1Pool.get();
        }
        List<Http1Exchange> moved = new ArrayList<>(waiting);
        waiting.clear();
        for (Http1Exchange exchange : moved) {
            http1.acquire(exchange);
        }
    }

    /** A connection closed (either side), or never opened: forget it; one that was not ready yet fails the first waiter. */
    void closed(Http2Connection connection, Throwable cause) {
        if (!connections.remove(connection)) {
            return;
        }
        openTotal.decrement();
        if (!connection.ready) {
            connecting--;
            Http1Exchange first = waiting.pollFirst();
            if (first != null) {
                first.onConnectFailed(cause != null ? cause : new Http1Exception.ConnectionClosed(null));
            }
        }
        connectIfNeeded(); // each failed attempt fails one waiter, so this ends
    }

    void received(long wireBytes) {
        receivedTotal.add(wireBytes);
    }

    private void serveWaiting(Http2Connection connection) {
        Http1Exchange next;
        while (connection.acceptsStream() && (next = waiting.pollFirst()) != null) {
            connection.open(next);
        }
    }

    /** Opens as many connections as the waiting exchanges need beyond those being opened, within the limit. */
    private void connectIfNeeded() {
        while (!closed && http1 == null && waiting.size() > (long) connecting * expectedStreams
                && connections.size() < maxConnections) {
            connect();
        }
    }

    private void connect() {
        Http2Connection connection = new Http2Connection(this);
        connections.add(connection);
        openTotal.increment();
        connecting++;
        ChannelFuture attempt = dialer.connect(channel -> {
            if (origin.secure()) {
                // SNI and host name verification against the origin's name; ALPN offers h2, then http/1.1.
                channel.pipeline().addLast(ssl.newHandler(channel.alloc(), origin.host(), origin.port()));
                channel.pipeline().addLast(connection.protocolNegotiation());
                channel.pipeline().addLast(connection);
            } else {
                connection.addCodec(channel.pipeline()); // h2c with prior knowledge: the preface goes out first
                channel.pipeline().addLast(connection);
            }
        });
        attempt.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                closed(connection, future.cause()); // it never became active, so channelInactive will not report it
            }
        });
    }

    @Override
    public void closeIdleSince(long deadlineNanos) {
        for (Http2Connection connection : List.copyOf(connections)) {
            if (connection.idleSince(deadlineNanos)) {
                connection.close();
            }
        }
        if (http1 != null) {
            http1.closeIdleSince(deadlineNanos);
        }
    }

    @Override
    public void closeAll() {
        closed = true;
        List<Http1Exchange> abandoned = new ArrayList<>(waiting);
        waiting.clear();
        for (Http2Connection connection : List.copyOf(connections)) {
            connection.close();
        }
        for (Http1Exchange exchange : abandoned) {
            exchange.onConnectFailed(new IllegalStateException("the HTTP client is closed"));
        }
        if (http1 != null) {
            http1.closeAll();
        }
    }

    @Override
    public int openConnections() {
        return connections.size() + (http1 == null ? 0 : http1.openConnections());
    }

    /** Streams in flight over this pool's HTTP/2 connections (tests, diagnostics). */
    int activeStreams() {
        int active = 0;
        for (Http2Connection connection : connections) {
            active += connection.active;
        }
        return active;
    }
}
