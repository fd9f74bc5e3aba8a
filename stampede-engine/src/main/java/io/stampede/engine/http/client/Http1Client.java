package io.stampede.engine.http.client;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A lean HTTP client on plain Netty for the virtual users: keep-alive connection pools per
 * event loop and origin, requests encoded straight into buffers, Netty's response decoder, and
 * no reactive operators per request. HTTP/1.1 by default; HTTP/2 for requests whose
 * {@link ConnectionProfile} asks for it (many streams per connection, see {@link Http2Pool}). Each request runs on the event loop of the user that sends
 * it, and so do its connection and its callbacks: the path from one response to the next request
 * takes no lock and crosses no thread.
 *
 * <p>Why not Reactor Netty's client here: profiling showed ~30 µs of CPU per request spread over
 * its per-request machinery (connection acquisition through the pool's publishers, retry
 * operators, configuration copies, header maps), which capped a worker far below wrk. See
 * docs/performance.md. The worker's link and servers still use Reactor Netty.
 */
public final class Http1Client implements AutoCloseable {

    /** Read-buffer sizing shared by every connection: its settings are immutable, its per-channel state is in each handle. */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

    private final Http1ClientSettings settings;
    private final SslContext defaultSsl;
    /** For https origins of HTTP/2 profiles: the default trust, offering h2 by ALPN. */
    private final SslContext defaultH2Ssl;
    private final DnsAddressResolverGroup resolver;
    private final Map<EventExecutor, LoopPools> loops = new IdentityHashMap<>();
    /** Connections open or being opened over every pool: each pool counts on its loop, metrics read from anywhere. */
    private final LongAdder openTotal = new LongAdder();
    /** Response body bytes as received (compressed ones before decompression), over every pool. */
    private final LongAdder receivedTotal = new LongAdder();

    /**
     * @param group        the users' event loops; a request must be sent from (or is moved to) its user's loop
     * @param channelType  the socket channel class matching the group (epoll or NIO)
     * @param datagramType the datagram channel class matching the group, for DNS lookups of target hosts
     */
    public Http1Client(EventLoopGroup group, Class<? extends SocketChannel> channelType,
                       Class<? extends DatagramChannel> datagramType, Http1ClientSettings settings) {
        this.settings = settings;
        SslContext ssl = settings.ssl() != null ? settings.ssl() : defaultSsl(false);
        this.defaultSsl = ssl;
        this.defaultH2Ssl = settings.h2Ssl() != null ? settings.h2Ssl() : settings.ssl() != null ? settings.ssl() : defaultSsl(true);
        // Asynchronous lookups (hosts file, resolv.conf search domains and ndots, TTL cache): a slow DNS never blocks a loop.
        this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder().datagramChannelType(datagramType));
        // Netty's limits for a client's response decoder; Http1ResponseDecoder reads them from here.
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig().setMaxHeaderSize(32 * 1024).setMaxInitialLineLength(8 * 1024)
                .setHeadersFactory(ClientResponseHeaders.HEADERS).setTrailersFactory(ClientResponseHeaders.TRAILERS);
        int loopCount = 0;
        for (EventExecutor ignored : group) {
            loopCount++;
        }
        int perLoop = (int) Math.max(1, ((long) settings.maxConnectionsPerOrigin() + loopCount - 1) / loopCount);
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelType).resolver(resolver)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    // One allocator for every channel (each still gets its own handle), not one per channel.
                    .option(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
            loops.put(loop, new LoopPools(loop, bootstrap, ssl, decoderConfig, perLoop, settings.maxIdle().toNanos(),
                    openTotal, receivedTotal, settings.proxies()));
        }
    }

    private static SslContext defaultSsl(boolean offerH2) {
        try {
            return TlsSettings.DEFAULT.newContext(offerH2);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Sends a request; the listener hears exactly once, on {@code loop}, unless the exchange is cancelled.
     *
     * @param loop          the sending user's event loop (one of the group's); called from another thread, the
     *                      request starts on it shortly after
     * @param aggregateBody keep the body for the listener; false counts its bytes only
     * @param timeoutNanos  for the whole exchange: waiting for a connection, connecting, redirects, the full response
     */
    public Http1Exchange send(EventLoop loop, Http1Request request, boolean aggregateBody, long timeoutNanos,
                              ResponseListener listener) {
        return send(loop, request, aggregateBody, timeoutNanos, null, listener);
    }

    /**
     * As {@link #send(EventLoop, Http1Request, boolean, long, ResponseListener)}, with a cookie jar
     * that every response of the exchange (redirects included) stores into and every request reads.
     *
     * @param cookies the user's jar, used only on {@code loop}; null: no cookies
     */
    public Http1Exchange send(EventLoop loop, Http1Request request, boolean aggregateBody, long timeoutNanos,
                              CookieJar cookies, ResponseListener listener) {
        return send(loop, request, aggregateBody, true, timeoutNanos, cookies, listener);
    }

    /**
     * As {@link #send(EventLoop, Http1Request, boolean, long, CookieJar, ResponseListener)}, saying
     * whether the listener reads the response's headers.
     *
     * @param allHeaders false: the final response's headers hold only those the client reads itself
     *                   (content-length, transfer-encoding, connection, content-encoding, set-cookie,
     *                   location, upgrade; over HTTP/1.1), the others are not stored
     */
    public Http1Exchange send(EventLoop loop, Http1Request request, boolean aggregateBody, boolean allHeaders,
                              long timeoutNanos, CookieJar cookies, ResponseListener listener) {
        LoopPools pools = loops.get(loop);
        if (pools == null) {
            throw new IllegalArgumentException("event loop " + loop + " is not one of this client's group");
        }
        Http1Exchange exchange = new Http1Exchange(this, pools, request, aggregateBody, allHeaders, timeoutNanos, cookies, listener);
        if (loop.inEventLoop()) {
            exchange.start();
        } else {
            loop.execute(exchange::start);
        }
        return exchange;
    }

    /**
     * A request for this client (its user agent).
     *
     * @param reusable every part is constant: encode once, send the same bytes each time
     * @throws IllegalArgumentException for a bad header name or value
     */
    public Http1Request request(String method, HttpTarget target, java.util.List<Http1Request.Header> headers, byte[] body,
                                String contentType, boolean reusable) {
        return request(method, target, headers, body, contentType, true, reusable);
    }

    /**
     * @param compression send the client's {@code accept-encoding} (unless the headers set one); false: none,
     *                    the server answers uncompressed
     */
    public Http1Request request(String method, HttpTarget target, java.util.List<Http1Request.Header> headers, byte[] body,
                                String contentType, boolean compression, boolean reusable) {
        return request(method, target, headers, body, contentType, compression, null, reusable);
    }

    /** @param profile how its connections are made; null: the client's defaults */
    public Http1Request request(String method, HttpTarget target, java.util.List<Http1Request.Header> headers, byte[] body,
                                String contentType, boolean compression, ConnectionProfile profile, boolean reusable) {
        return Http1Request.of(method, target, headers, body, contentType, settings.userAgent(),
                compression ? settings.acceptEncoding() : null, reusable).through(profile);
    }

    /**
     * A connection profile for requests that need other TLS settings or proxies than the client's.
     *
     * @param ssl     for https origins; null: the client's
     * @param proxies null: the client's
     */
    public ConnectionProfile profile(SslContext ssl, HttpProxies proxies) {
        return profile(ssl, proxies, HttpProtocol.HTTP_1_1);
    }

    /**
     * A connection profile with an HTTP version.
     *
     * @param ssl      for https origins; null: the client's (for HTTP/2: its context offering h2 by ALPN). A
     *                 context of HTTP/2 profiles must offer h2 ({@link Alpn#offeringH2}), else its https
     *                 connections are HTTP/1.1
     * @param proxies  null: the client's
     * @param protocol HTTP/1.1 or 2
     */
    public ConnectionProfile profile(SslContext ssl, HttpProxies proxies, HttpProtocol protocol) {
        SslContext defaultContext = protocol == HttpProtocol.HTTP_2 ? defaultH2Ssl : defaultSsl;
        return new ConnectionProfile(ssl == null ? defaultContext : ssl, proxies == null ? settings.proxies() : proxies, protocol);
    }

    int maxRedirects() {
        return settings.maxRedirects();
    }

    /** Open connections to an origin over all loops (for tests and diagnostics; waits for each loop). */
    public int openConnections(Origin origin) {
        int total = 0;
        for (LoopPools pools : loops.values()) {
            total += pools.loop.submit(() -> {
                int open = 0;
                ConnectionPool pool = pools.pools.get(origin);
                open += pool == null ? 0 : pool.openConnections();
                for (Map<Origin, ConnectionPool> byOrigin : pools.profiled.values()) {
                    ConnectionPool profiled = byOrigin.get(origin);
                    open += profiled == null ? 0 : profiled.openConnections();
                }
                return open;
            }).syncUninterruptibly().getNow();
        }
        return total;
    }

    /** Exchanges whose timeout is pending over all loops (for tests: none may stay once all are answered; waits for each loop). */
    int exchangesAwaitingTimeout() {
        int total = 0;
        for (LoopPools pools : loops.values()) {
            total += pools.loop.submit(pools.deadlines::inFlight).syncUninterruptibly().getNow();
        }
        return total;
    }

    /** Connections open or being opened over every origin and loop, without waiting for the loops (metrics). */
    public long openConnections() {
        return openTotal.sum();
    }

    /** Response body bytes received on the wire since the client started (compressed bodies as compressed; metrics). */
    public long bodyBytesReceived() {
        return receivedTotal.sum();
    }

    /** Closes every connection and fails waiting requests; the event loops themselves belong to the caller. */
    @Override
    public void close() {
        for (LoopPools pools : loops.values()) {
            if (!pools.loop.isShuttingDown()) {
                pools.loop.submit(pools::closeAll).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        resolver.close();
    }

    /** The pools of one event loop, one per origin, touched only on that loop. */
    static final class LoopPools {

        final EventLoop loop;
        /** The timeouts of the exchanges on this loop. */
        final ExchangeDeadlines deadlines;
        private final Bootstrap bootstrap;
        private final SslContext ssl;
        private final HttpDecoderConfig decoderConfig;
        private final int maxConnections;
        private final long maxIdleNanos;
        private final LongAdder openTotal;
        private final LongAdder receivedTotal;
        private final HttpProxies proxies;
        private final Map<Origin, ConnectionPool> pools = new HashMap<>();
        /** Pools of requests with a connection profile of their own, per profile (by identity) and origin. */
        private final Map<ConnectionProfile, Map<Origin, ConnectionPool>> profiled = new IdentityHashMap<>();
        private ScheduledFuture<?> sweeper;
        private boolean closed;

        LoopPools(EventLoop loop, Bootstrap bootstrap, SslContext ssl, HttpDecoderConfig decoderConfig,
                  int maxConnections, long maxIdleNanos, LongAdder openTotal, LongAdder receivedTotal, HttpProxies proxies) {
            this.loop = loop;
            this.deadlines = new ExchangeDeadlines(loop);
            this.bootstrap = bootstrap;
            this.ssl = ssl;
            this.decoderConfig = decoderConfig;
            this.maxConnections = maxConnections;
            this.maxIdleNanos = maxIdleNanos;
            this.openTotal = openTotal;
            this.receivedTotal = receivedTotal;
            this.proxies = proxies;
        }

        ConnectionPool pool(ConnectionProfile profile, Origin origin) {
            Map<Origin, ConnectionPool> byOrigin = pools;
            if (profile != null) {
                byOrigin = profiled.get(profile);
                if (byOrigin == null) {
                    byOrigin = new HashMap<>();
                    profiled.put(profile, byOrigin);
                }
            }
            ConnectionPool pool = byOrigin.get(origin);
            if (pool == null) {
                SslContext context = profile == null ? ssl : profile.ssl;
                HttpProxies through = profile == null ? proxies : profile.proxies;
                OriginDialer dialer = new OriginDialer(origin, bootstrap, through.proxyFor(origin));
                if (profile != null && profile.protocol == HttpProtocol.HTTP_2) {
                    pool = new Http2Pool(origin, dialer, context, maxConnections, openTotal, receivedTotal,
                            () -> new OriginPool(origin, dialer, context, decoderConfig, maxConnections, openTotal, receivedTotal));
                } else {
                    pool = new OriginPool(origin, dialer, context, decoderConfig, maxConnections, openTotal, receivedTotal);
                }
                byOrigin.put(origin, pool);
                if (closed) {
                    pool.closeAll(); // the client is closed: a new origin fails like the others
                } else if (sweeper == null) {
                    long period = Math.clamp(maxIdleNanos / 4, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(10));
                    sweeper = loop.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.NANOSECONDS);
                }
            }
            return pool;
        }

        private void closeIdle() {
            long deadline = System.nanoTime() - maxIdleNanos;
            for (ConnectionPool pool : pools.values()) {
                pool.closeIdleSince(deadline);
            }
            for (Map<Origin, ConnectionPool> byOrigin : profiled.values()) {
                for (ConnectionPool pool : byOrigin.values()) {
                    pool.closeIdleSince(deadline);
                }
            }
        }

        private void closeAll() {
            closed = true;
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            for (ConnectionPool pool : pools.values()) {
                pool.closeAll();
            }
            for (Map<Origin, ConnectionPool> byOrigin : profiled.values()) {
                for (ConnectionPool pool : byOrigin.values()) {
                    pool.closeAll();
                }
            }
        }
    }
}
