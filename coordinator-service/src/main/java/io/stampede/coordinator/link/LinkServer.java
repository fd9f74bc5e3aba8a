package io.stampede.coordinator.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.HelloAck;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.Reject;
import io.stampede.core.link.ShareLimited;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StatsReportFrame;
import io.stampede.core.link.WorkerBye;
import io.stampede.core.link.WorkerHello;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The worker link (contract: port 5557, WebSocket {@code /link}). Workers present the link
 * token as {@code Authorization: Bearer <token>} on the handshake; anything else gets 401
 * before a WebSocket exists. A watchdog drops workers silent for longer than the worker
 * timeout, the same way as a closed connection. A worker dropped without a {@code WorkerBye}
 * (silence, closed connection, link error) stays listed as missing (Locust's state); one that
 * said bye is gone.
 */
public final class LinkServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LinkServer.class);

    private final CoordinatorProperties properties;
    private final WorkerRegistry registry;
    private final LinkListener listener;
    private final byte[] token;
    private final boolean tokenGenerated;
    private volatile DisposableServer server;
    private Scheduler watchdogScheduler;
    private Disposable watchdog;

    public LinkServer(CoordinatorProperties properties, WorkerRegistry registry, LinkListener listener) {
        this.properties = properties;
        this.registry = registry;
        this.listener = listener;
        String configured = properties.link().token();
        this.tokenGenerated = configured == null || configured.isBlank();
        String effective = tokenGenerated ? generateToken() : configured;
        this.token = effective.getBytes(StandardCharsets.UTF_8);
    }

    private static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The token workers must present (generated when none was configured). */
    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** The bound port (differs from the configured one when that was 0). */
    public int port() {
        DisposableServer s = server;
        if (s == null) {
            throw new IllegalStateException("link server not started");
        }
        return s.port();
    }

    @Override
    public void start() {
        CoordinatorProperties.Link link = properties.link();
        server = HttpServer.create()
                .host(link.host())
                .port(link.port())
                .route(routes -> routes.get(link.path(), this::handshake))
                .bindNow();
        long timeout = properties.workerTimeout().toMillis();
        long period = Math.max(50, Math.min(timeout / 6, properties.heartbeatInterval().toMillis() / 2));
        watchdogScheduler = Schedulers.newSingle("stampede-link-watchdog");
        watchdog = watchdogScheduler.schedulePeriodically(this::expireSilentWorkers, period, period,
                TimeUnit.MILLISECONDS);
        log.info("Worker link listening on ws://{}:{}{}", link.host(), server.port(), link.path());
        if (tokenGenerated) {
            log.warn("No link token configured: generated one for this process, so only local workers can join. "
                    + "To let remote workers join, start the coordinator and every worker with the same "
                    + "--link-token TOKEN (or env STAMPEDE_LINK_TOKEN).");
        }
    }

    private Publisher<Void> handshake(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.requestHeaders().get(HttpHeaderNames.HOST))) {
            // Any web page may open a WebSocket to any address, and browsers always say whose page it is.
            log.warn("Rejected worker link handshake from {}: sent by a web page of {}", request.remoteAddress(), origin);
            return response.status(HttpResponseStatus.FORBIDDEN).send();
        }
        if (!authorized(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            log.warn("Rejected worker link handshake from {}: missing or wrong link token", request.remoteAddress());
            return response.status(HttpResponseStatus.UNAUTHORIZED)
                    .header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer")
                    .send();
        }
        WebsocketServerSpec spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(properties.link().maxFrameSize())
                .build();
        return response.sendWebsocket(this::session, spec);
    }

    /**
     * Whether an Origin names the link server itself (a worker's WebSocket client may send one,
     * derived from the URL it connects to); a browser page's Origin is its own site.
     */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        try {
            java.net.URI page = new java.net.URI(origin);
            java.net.URI target = new java.net.URI("http://" + hostHeader);
            if (page.getHost() == null || page.getScheme() == null || target.getHost() == null) {
                return false;
            }
            int defaultPort = page.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return page.getHost().equalsIgnoreCase(target.getHost())
                    && (page.getPort() == -1 ? defaultPort : page.getPort())
                    == (target.getPort() == -1 ? defaultPort : target.getPort());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Constant-time comparison, so the token can't be guessed byte by byte from timings. */
    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    private Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out) {
        Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<WorkerLink> linkRef = new AtomicReference<>();
        AtomicReference<String> leaveReason = new AtomicReference<>("connection closed");
        Mono<Void> receive = Mono.<reactor.netty.Connection>create(sink -> in.withConnection(sink::success))
                .flatMap(connection -> in.aggregateFrames(properties.link().maxFrameSize())
                        // Parsed straight from the frame's buffer (valid until onNext returns): no String
                        // or byte[] copy of each frame, tens of KB for a stats report.
                        .receiveFrames()
                        .doOnNext(frame -> {
                            if (frame instanceof BinaryWebSocketFrame binary) {
                                onBinaryFrame(binary.content().nioBuffer(), linkRef);
                            } else if (frame instanceof TextWebSocketFrame text) {
                                onFrame(new ByteBufInputStream(text.content()), connection, outbound, linkRef, leaveReason);
                            }
                        })
                        .then())
                .onErrorResume(e -> {
                    leaveReason.set("link error: " + e.getMessage());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    synchronized (outbound) {
                        outbound.tryEmitComplete();
                    }
                    WorkerLink link = linkRef.get();
                    // No bye came (a bye already removed it): the worker is missing, as Locust says.
                    if (link != null && registry.drop(link, System.currentTimeMillis())) {
                        log.info("Worker {} missing: {}", link, leaveReason.get());
                        listener.workerLeft(link, leaveReason.get());
                    }
                });
        // Flush every frame: sendString's flush-on-burst can leave large frames (a StartLoad with a
        // big scenario) unflushed past the channel's high-water mark, stalling the link.
        Mono<Void> send = out.sendObject(outbound.asFlux().map(TextWebSocketFrame::new), frame -> true).then()
                .onErrorResume(e -> Mono.empty());
        return Mono.when(receive, send);
    }

    /**
     * A binary frame: a {@link StatsReportFrame}, the only binary message, offered in the
     * {@link HelloAck}. Decoded on this link thread, histograms included, outside every lock.
     */
    private void onBinaryFrame(java.nio.ByteBuffer frame, AtomicReference<WorkerLink> linkRef) {
        WorkerLink link = linkRef.get();
        if (link == null) {
            log.warn("Dropped a binary frame before the worker's hello");
            return;
        }
        StatsReportFrame.Decoded decoded;
        try {
            decoded = StatsReportFrame.decode(frame);
        } catch (IllegalArgumentException e) {
            log.warn("Dropped a binary frame from worker {}: {}", link, e.getMessage());
            return;
        }
        link.seen(System.currentTimeMillis());
        listener.statsReported(decoded.report(), decoded.decoded());
    }

    private void onFrame(java.io.InputStream frame, reactor.netty.Connection connection, Sinks.Many<String> outbound,
                         AtomicReference<WorkerLink> linkRef, AtomicReference<String> leaveReason) {
        LinkMessage message;
        try {
            message = LinkCodec.decode(frame);
        } catch (IllegalArgumentException e) {
            log.warn("Dropped a frame that is not a link message: {}", e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        WorkerLink link = linkRef.get();
        if (link == null) {
            if (!(message instanceof WorkerHello hello)) {
                reject(outbound, connection, "expected hello first, got " + message.getClass().getSimpleName());
                return;
            }
            if (hello.protocolVersion() != LinkMessage.PROTOCOL_VERSION) {
                reject(outbound, connection, "protocol version " + hello.protocolVersion()
                        + " not supported (coordinator speaks " + LinkMessage.PROTOCOL_VERSION + ")");
                return;
            }
            WorkerLink joined = new WorkerLink(hello, now, outbound, connection);
            WorkerLink connected = registry.join(joined, () -> joined.send(
                    new HelloAck(hello.workerId(), properties.heartbeatInterval().toMillis(), true, true)));
            if (connected != null) {
                // The connected one keeps its users; a worker that really reconnects finds its old
                // link gone (closed, or dropped by the watchdog within the worker timeout) on a retry.
                reject(outbound, connection, "worker id '" + hello.workerId() + "' is already connected (host "
                        + connected.hostname() + "); give every worker its own id (stampede.worker.worker-id,"
                        + " or leave it unset for a generated one)");
                return;
            }
            linkRef.set(joined);
            log.info("Worker {} joined ({} cores); {} connected", joined, hello.cores(), registry.size());
            listener.workerJoined(joined);
            return;
        }
        link.seen(now);
        switch (message) {
            case Heartbeat hb -> registry.heartbeat(hb, now);
            case StatsReport report -> listener.statsReported(report);
            case ShareLimited limited -> listener.shareLimited(limited);
            case WorkerBye bye -> {
                leaveReason.set("bye (" + bye.reason() + ")");
                if (registry.remove(link)) {
                    log.info("Worker {} left: {}", link, leaveReason.get());
                    listener.workerLeft(link, leaveReason.get());
                }
                link.close();
            }
            default -> log.warn("Worker {} sent unexpected {}", link, message.getClass().getSimpleName());
        }
    }

    private static void reject(Sinks.Many<String> outbound, reactor.netty.Connection connection, String reason) {
        log.warn("Rejecting worker from {}: {}", connection.address(), reason);
        synchronized (outbound) {
            outbound.tryEmitNext(LinkCodec.encode(new Reject(reason)));
            outbound.tryEmitComplete();
        }
        // Let the reject frame go out before the connection closes.
        Mono.delay(java.time.Duration.ofMillis(200)).subscribe(x -> connection.dispose());
    }

    private void expireSilentWorkers() {
        try {
            long now = System.currentTimeMillis();
            for (WorkerLink link : registry.expire(now, properties.workerTimeout().toMillis())) {
                log.warn("Worker {} silent for more than {} ms: dropped, listed as missing", link,
                        properties.workerTimeout().toMillis());
                link.close();
                listener.workerLeft(link, "heartbeat timeout");
            }
            registry.forgetMissing(now);
        } catch (RuntimeException e) {
            log.error("Link watchdog failed", e);
        }
    }

    @Override
    public void stop() {
        if (watchdog != null) {
            watchdog.dispose();
            watchdogScheduler.dispose();
        }
        for (WorkerLink link : registry.drain()) {
            link.close();
        }
        DisposableServer s = server;
        if (s != null) {
            s.disposeNow(java.time.Duration.ofSeconds(2));
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // Start before the web server (so local workers and the API see a bound link), stop after it.
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
