package io.stampede.engine.http.client;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.handler.ssl.SslContext;

/**
 * The connections of one event loop to one origin: idle ones (most recently used first, so a
 * warm connection is taken and the coldest ones age out), a count of open ones bounded by the
 * limit, and the exchanges waiting for one. Confined to its event loop, like the connections and
 * the users that borrow them, so acquiring a connection is a deque poll, not a lock.
 */
final class OriginPool {

    private final Origin origin;
    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final HttpDecoderConfig decoderConfig;
    private final int maxConnections;
    /** The client's total of {@link #open} over every pool. */
    private final LongAdder openTotal;
    /** The client's total of response body bytes received on the wire. */
    private final LongAdder receivedTotal;
    /** The proxy connections go through, or null: straight to the origin. */
    final HttpProxies.Proxy proxy;
    private final IdleConnections idle = new IdleConnections();
    private final ArrayDeque<Http1Exchange> waiting = new ArrayDeque<>();
    /** Connections open or being opened. */
    private int open;
    /** Connections being opened: each will serve a waiting exchange, so no more are needed for that many. */
    private int connecting;
    private boolean closed;
    private InetSocketAddress proxyAddress;

    OriginPool(Origin origin, Bootstrap bootstrap, SslContext ssl, HttpDecoderConfig decoderConfig,
               int maxConnections, LongAdder openTotal, LongAdder receivedTotal, HttpProxies.Proxy proxy) {
        this.origin = origin;
        this.bootstrap = bootstrap;
        this.ssl = ssl;
        this.decoderConfig = decoderConfig;
        this.maxConnections = maxConnections;
        this.openTotal = openTotal;
        this.receivedTotal = receivedTotal;
        this.proxy = proxy;
    }

    /** Gives the exchange a connection now, or queues it until one is opened or released. */
    void acquire(Http1Exchange exchange) {
        Http1Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.isUsable()) {
                exchange.assign(connection);
                return;
            }
        }
        if (closed) {
            exchange.onConnectFailed(new IllegalStateException("the HTTP client is closed"));
            return;
        }
        waiting.addLast(exchange);
        if (open < maxConnections && waiting.size() > connecting) {
            connect();
        }
    }

    /** The exchange gave up waiting (timeout, cancel). */
    void forget(Http1Exchange exchange) {
        waiting.remove(exchange);
    }

    /** A response completed: keep the connection for the next request, or close it when the server said so. */
    void release(Http1Connection connection, boolean keepAlive) {
        if (!keepAlive || closed || !connection.isUsable()) {
            connection.close(); // channelInactive follows: closed(...) counts it and serves a waiter
            return;
        }
        Http1Exchange next = waiting.pollFirst();
        if (next != null) {
            next.assign(connection);
        } else {
            connection.idleSinceNanos = System.nanoTime();
            idle.addFirst(connection);
        }
    }

    /** A response's body came in: its bytes on the wire, counted for the client's metrics. */
    void received(long wireBytes) {
        receivedTotal.add(wireBytes);
    }

    /** A connection closed (by either side): forget it, and open another when exchanges wait. */
    void closed(Http1Connection connection) {
        open--;
        openTotal.decrement();
        idle.remove(connection);
        if (waiting.size() > connecting && open < maxConnections && !closed) {
            connect();
        }
    }

    /** Closes connections idle since before the deadline (the oldest are at the tail). */
    void closeIdleSince(long deadlineNanos) {
        Http1Connection oldest;
        while ((oldest = idle.peekLast()) != null && oldest.idleSinceNanos - deadlineNanos < 0) {
            idle.pollLast().close();
        }
    }

    /** Closes every connection and fails the waiting exchanges (engine shutdown). */
    void closeAll() {
        closed = true;
        List<Http1Exchange> abandoned = new ArrayList<>(waiting);
        waiting.clear();
        Http1Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
        for (Http1Exchange exchange : abandoned) {
            exchange.onConnectFailed(new IllegalStateException("the HTTP client is closed"));
        }
    }

    /** The proxy plain http requests are forwarded through (absolute-form), or null (direct, or a CONNECT tunnel). */
    HttpProxies.Proxy forwardProxy() {
        return origin.secure() ? null : proxy;
    }

    int openConnections() {
        return open;
    }

    private void connect() {
        open++;
        openTotal.increment();
        connecting++;
        Http1Connection connection = new Http1Connection(this, new Http1ResponseDecoder(decoderConfig));
        boolean tunnel = proxy != null && origin.secure();
        Bootstrap attemptBootstrap = bootstrap.clone();
        if (tunnel) {
            // The proxy resolves the origin's name (CONNECT host:port), as curl does; only the proxy's own name is resolved here.
            attemptBootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        ChannelFuture attempt = attemptBootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if (tunnel) {
                    // Buffers the TLS handshake until the proxy answered CONNECT with 2xx; a refusal fails the exchange.
                    pipeline.addLast(proxyHandler());
                }
                if (origin.secure()) {
                    // SNI and host name verification against the origin's name.
                    pipeline.addLast(ssl.newHandler(channel.alloc(), origin.host(), origin.port()));
                }
                pipeline.addLast(connection.decoder, connection);
            }
        }).connect(tunnel || proxy == null
                ? InetSocketAddress.createUnresolved(origin.host(), origin.port())
                : InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
        attempt.addListener((ChannelFuture future) -> {
            connecting--;
            if (future.isSuccess()) {
                release(connection, true);
                return;
            }
            open--; // it never became active, so channelInactive will not count it
            openTotal.decrement();
            Http1Exchange first = waiting.pollFirst();
            if (first != null) {
                first.onConnectFailed(future.cause());
            }
            if (waiting.size() > connecting && open < maxConnections && !closed) {
                connect(); // each failed attempt fails one waiter, so this ends
            }
        });
    }

    private HttpProxyHandler proxyHandler() {
        // The handler connects to this address instead of the origin's; resolved once per pool (a literal or hosts-file name is instant).
        if (proxyAddress == null || proxyAddress.isUnresolved()) {
            proxyAddress = new InetSocketAddress(proxy.host(), proxy.port());
        }
        HttpProxyHandler handler = proxy.user() == null ? new HttpProxyHandler(proxyAddress)
                : new HttpProxyHandler(proxyAddress, proxy.user(), proxy.password());
        handler.setConnectTimeoutMillis(bootstrap.config().options().get(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS) instanceof Integer millis
                ? millis : 30_000);
        return handler;
    }

    /**
     * Idle connections, most recently used first, linked through the connections themselves: a
     * connection the server closes is unlinked in O(1) (thousands of idle connections close at
     * once when a server's keep-alive timeout or the idle sweep hits them).
     */
    private static final class IdleConnections {

        private Http1Connection first;
        private Http1Connection last;

        void addFirst(Http1Connection connection) {
            connection.idleNext = first;
            connection.idlePrevious = null;
            if (first != null) {
                first.idlePrevious = connection;
            } else {
                last = connection;
            }
            first = connection;
            connection.idle = true;
        }

        Http1Connection pollFirst() {
            Http1Connection connection = first;
            if (connection != null) {
                remove(connection);
            }
            return connection;
        }

        Http1Connection peekLast() {
            return last;
        }

        Http1Connection pollLast() {
            Http1Connection connection = last;
            if (connection != null) {
                remove(connection);
            }
            return connection;
        }

        /** Unlinks the connection when it is idle; does nothing otherwise. */
        void remove(Http1Connection connection) {
            if (!connection.idle) {
                return;
            }
            Http1Connection previous = connection.idlePrevious;
            Http1Connection next = connection.idleNext;
            if (previous != null) {
                previous.idleNext = next;
            } else {
                first = next;
            }
            if (next != null) {
                next.idlePrevious = previous;
            } else {
                last = previous;
            }
            connection.idlePrevious = null;
            connection.idleNext = null;
            connection.idle = false;
        }
    }
}
