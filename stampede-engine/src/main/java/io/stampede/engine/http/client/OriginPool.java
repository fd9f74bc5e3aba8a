package io.stampede.engine.http.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;

/**
 * The connections of one event loop to one origin: idle ones (most recently used first, so a
 * warm connection is taken and the coldest ones age out), a count of open ones bounded by the
 * limit, and the exchanges waiting for one. Confined to its event loop, like the connections and
 * the users that borrow them, so acquiring a connection is a deque poll, not a lock.
 */
final class OriginPool implements ConnectionPool {

    /**
     * Connections one pool opens at once. Thousands of users spawned together would otherwise
     * start thousands of connects in one loop turn (each a socket, a pipeline and a connect
     * syscall, then thousands of completions in the next turn): the loop stalls for tens of
     * milliseconds and every user on it runs that late. Beyond this many, waiters get a
     * connection as earlier connects complete (or as connections are released).
     */
    static final int MAX_CONNECTING = 32;

    private final Origin origin;
    private final OriginDialer dialer;
    private final SslContext ssl;
    private final HttpDecoderConfig decoderConfig;
    private final int maxConnections;
    /** The client's total of {@link #open} over every pool. */
    private final LongAdder openTotal;
    /** The client's total of response body bytes received on the wire. */
    private final LongAdder receivedTotal;
    private final IdleConnections idle = new IdleConnections();
    private final ArrayDeque<Http1Exchange> waiting = new ArrayDeque<>();
    /** Connections open or being opened. */
    private int open;
    /** Connections being opened: each will serve a waiting exchange, so no more are needed for that many. */
    private int connecting;
    private boolean closed;

    OriginPool(Origin origin, OriginDialer dialer, SslContext ssl, HttpDecoderConfig decoderConfig,
               int maxConnections, LongAdder openTotal, LongAdder receivedTotal) {
        this.origin = origin;
        this.dialer = dialer;
        this.ssl = ssl;
        this.decoderConfig = decoderConfig;
        this.maxConnections = maxConnections;
        this.openTotal = openTotal;
        this.receivedTotal = receivedTotal;
    }

    /** Gives the exchange a connection now, or queues it until one is opened or released. */
    @Override
    public void acquire(Http1Exchange exchange) {
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
        connectIfWaiting();
    }

    /** The exchange gave up waiting (timeout, cancel). */
    @Override
    public void forget(Http1Exchange exchange) {
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
        connectIfWaiting();
    }

    /** Opens a connection when more exchanges wait than connections are being opened, within both limits. */
    private void connectIfWaiting() {
        if (waiting.size() > connecting && open < maxConnections && connecting < MAX_CONNECTING && !closed) {
            connect();
        }
    }

    /** Closes connections idle since before the deadline (the oldest are at the tail). */
    @Override
    public void closeIdleSince(long deadlineNanos) {
        Http1Connection oldest;
        while ((oldest = idle.peekLast()) != null && oldest.idleSinceNanos - deadlineNanos < 0) {
            idle.pollLast().close();
        }
    }

    /** Closes every connection and fails the waiting exchanges (engine shutdown). */
    @Override
    public void closeAll() {
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
        return dialer.forwardProxy();
    }

    @Override
    public int openConnections() {
        return open;
    }

    private void connect() {
        open++;
        openTotal.increment();
        connecting++;
        Http1Connection connection = new Http1Connection(this, new Http1ResponseDecoder(decoderConfig));
        ChannelFuture attempt = dialer.connect(channel -> {
            if (origin.secure()) {
                // SNI and host name verification against the origin's name.
                channel.pipeline().addLast(ssl.newHandler(channel.alloc(), origin.host(), origin.port()));
            }
            channel.pipeline().addLast(connection.decoder, connection);
        });
        attempt.addListener((ChannelFuture future) -> {
            connecting--;
            if (future.isSuccess()) {
                release(connection, true);
                connectIfWaiting(); // a connect slot is free again
                return;
            }
            open--; // it never became active, so channelInactive will not count it
            openTotal.decrement();
            Http1Exchange first = waiting.pollFirst();
            if (first != null) {
                first.onConnectFailed(future.cause());
            }
            connectIfWaiting(); // each failed attempt fails one waiter, so this ends
        });
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
