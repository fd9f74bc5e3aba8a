package io.stampede.engine.link;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stampede.core.link.HelloAck;
import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StatsReportFrame;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.Reject;
import io.stampede.core.link.WorkerHello;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The transport of the coordinator link, worker side: connects out to the coordinator's WebSocket
 * endpoint (bearer token in the handshake), says hello, heartbeats once acknowledged, and
 * reconnects forever with capped exponential backoff. A coordinator that answered pings and then
 * goes silent (frozen, or cut off without a FIN) is dropped after three heartbeat intervals
 * (2..6 s), so whoever runs load on this link learns of the loss in time to stop it.
 *
 * <p>Knows nothing of runs: what to say (hello, heartbeat) and what to do with the coordinator's
 * commands is the {@link Listener}'s. Every callback and every state change happens on the
 * {@code control} scheduler's single thread.
 */
final class LinkClient {

    /** The link's user: the worker agent. Called on the control thread. */
    interface Listener {

        /** The first frame of every connection. */
        WorkerHello hello();

        /** Sent every heartbeat interval while connected. */
        Heartbeat heartbeat();

        /** A command from the coordinator ({@code StartLoad}, {@code StopLoad}, ...). */
        void onMessage(LinkMessage message);

        /** The connection ended (closed, refused, or dropped as silent); a reconnect follows unless closed. */
        void onDisconnected();

        /** The coordinator accepted this worker (after its HelloAck); on the control thread. */
        default void onConnected() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LinkClient.class);
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private final URI coordinator;
    private final String token;
    /** The token rejection is logged once until a connection succeeds, not per retry. */
    private boolean tokenRejectionLogged;
    private final ReconnectBackoff backoff;
    private final Scheduler control;
    private final Listener listener;
    private final LoopResources loops = LoopResources.create("stampede-link", 1, true);
    private final ConnectionProvider connections = ConnectionProvider.newConnection();

    // Mutated on the control thread only; volatile where other threads read them.
    private volatile boolean connected;
    /**
     * The encoding the last coordinator that accepted this worker reads (its HelloAck): compressed
     * until one said otherwise, the form every coordinator reads.
     */
    private volatile HistogramCodec.Encoding histogramEncoding = HistogramCodec.Encoding.COMPRESSED;
    /** Whether that coordinator reads stats reports as binary frames (its HelloAck): JSON until one said so. */
    private volatile boolean statsReportsBinary;
    private volatile boolean closed;
    private volatile LinkSession session;
    private volatile Disposable connection;
    /** The next heartbeat, due an interval after the last one; null while not heartbeating. Control thread. */
    private Disposable heartbeat;
    /** The coordinator's heartbeat interval (its HelloAck). Control thread, as is {@link #lastBeatNanos}. */
    private long beatIntervalNanos = TimeUnit.SECONDS.toNanos(1);
    private long lastBeatNanos;
    private Disposable reconnect;
    private long livenessLimitNanos = TimeUnit.SECONDS.toNanos(6);
    /** The coordinator answers every heartbeat's ping: silent for two intervals, it may have dropped us. */
    private long answerWithinNanos = TimeUnit.SECONDS.toNanos(2);

    LinkClient(URI coordinator, String token, Duration reconnectMin, Duration reconnectMax, Scheduler control,
               Listener listener) {
        this.coordinator = coordinator;
        this.token = token;
        this.backoff = new ReconnectBackoff(reconnectMin, reconnectMax);
        this.control = control;
        this.listener = listener;
    }

    /** Connects (and keeps reconnecting) in the background; returns at once. */
    void start() {
        control.schedule(this::connect);
    }

    /** How the coordinator that accepted this worker reads histograms (its HelloAck); compressed before any. */
    HistogramCodec.Encoding histogramEncoding() {
        return histogramEncoding;
    }

    /** True between the coordinator's HelloAck and the loss of the link. */
    boolean isConnected() {
        return connected;
    }

    /** Sends when a connection is open, drops the message otherwise (the coordinator cannot count it). Any thread. */
    void send(LinkMessage message) {
        LinkSession current = session;
        if (current != null) {
            current.send(encode(message));
        }
    }

    /** The frame's payload: a binary stats report where the coordinator reads those, else JSON text. */
    private WebSocketFrame encode(LinkMessage message) {
        if (message instanceof StatsReport report && statsReportsBinary) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(StatsReportFrame.encode(report)));
        }
        return new TextWebSocketFrame(LinkCodec.encode(message));
    }

    private void connect() {
        if (closed) {
            return;
        }
        reconnect = null;
        HttpClient client = HttpClient.create(connections)
                .runOn(loops)
                .headers(headers -> {
                    if (token != null && !token.isBlank()) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                });
        connection = client
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri(coordinator)
                .handle((inbound, outbound) -> {
                    Sinks.Many<Object> frames = Sinks.many().unicast().onBackpressureBuffer();
                    inbound.withConnection(connection -> connection.addHandlerLast("link-burst", LinkBurst.ENCODER));
                    LinkSession opened = new LinkSession(frames);
                    control.schedule(() -> onOpen(opened));
                    Mono<Void> receiving = inbound.aggregateFrames(MAX_FRAME).receiveFrames()
                            .doOnNext(frame -> {
                                opened.lastInboundNanos = System.nanoTime();
                                if (frame instanceof TextWebSocketFrame text) {
                                    String message = text.text();
                                    control.schedule(() -> onFrame(opened, message));
                                } else if (frame instanceof PongWebSocketFrame) {
                                    opened.answersPings = true;
                                }
                            })
                            .then();
                    // Flush every frame (or burst): the default flush-on-burst left large stats reports
                    // unflushed once the channel passed its high-water mark, and the link went silent
                    // (bench fleet).
                    Mono<Void> sending = outbound.sendObject(frames.asFlux(), frame -> true).then().then(outbound.sendClose());
                    return Mono.firstWithSignal(receiving, sending);
                })
                .subscribe(null,
                        error -> control.schedule(() -> onClosed(error)),
                        () -> control.schedule(() -> onClosed(null)));
    }

    private void onOpen(LinkSession opened) {
        if (closed) {
            opened.complete();
            return;
        }
        session = opened;
        send(listener.hello());
    }

    private void onClosed(Throwable error) {
        boolean wasConnected = connected;
        connected = false;
        session = null;
        connection = null;
        cancelHeartbeat();
        listener.onDisconnected();
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        if (wasConnected) {
            LOG.warn("link to coordinator {} lost{}; reconnecting in {} ms", coordinator,
                    error == null ? "" : " (" + error.getMessage() + ")", delay.toMillis());
        } else if (LinkFailures.isTokenRejection(error)) {
            // The coordinator is there and answered 401: retrying is right (the Secret may be
            // rotated), but "cannot reach" would send the operator to look at the network.
            if (!tokenRejectionLogged) {
                tokenRejectionLogged = true;
                LOG.warn("link token rejected by coordinator {} (HTTP 401): check --link-token / STAMPEDE_LINK_TOKEN; "
                        + "retrying every {} ms at most", coordinator, backoff.max().toMillis());
            }
        } else if (backoff.failedAttempts() <= 1 || backoff.failedAttempts() % 20 == 0) {
            LOG.info("cannot reach coordinator {}{}; retrying every {} ms at most", coordinator,
                    error == null ? "" : ": " + error.getMessage(), backoff.max().toMillis());
        }
        reconnect = control.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onFrame(LinkSession from, String text) {
        if (from != session) {
            return; // a late frame of a connection already replaced
        }
        LinkMessage message;
        try {
            message = LinkCodec.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring frame from coordinator: {}", e.getMessage());
            return;
        }
        switch (message) {
            case HelloAck ack -> onHelloAck(ack);
            case Reject reject -> LOG.error("coordinator {} rejected this worker: {}", coordinator, reject.reason());
            default -> listener.onMessage(message);
        }
    }

    private void onHelloAck(HelloAck ack) {
        histogramEncoding = ack.histogramEncoding();
        statsReportsBinary = ack.statsReportsBinary();
        connected = true;
        tokenRejectionLogged = false;
        backoff.reset();
        LOG.info("connected to coordinator {} as {}", coordinator, ack.workerId());
        cancelHeartbeat();
        long interval = Math.max(100, ack.heartbeatIntervalMillis());
        beatIntervalNanos = TimeUnit.MILLISECONDS.toNanos(interval);
        // Pings go out with every heartbeat; missing answers for three intervals (2..6 s) end the link.
        livenessLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.clamp(3 * interval, 2_000, 6_000));
        answerWithinNanos = TimeUnit.MILLISECONDS.toNanos(2 * interval);
        heartbeat = control.schedule(this::beat);
        listener.onConnected();
    }

    /**
     * A stats report, led by the heartbeat and its ping when the last beat went out half an
     * interval ago or more. The next timed beat is due an interval after the last beat, so while
     * reports flow (every second, as heartbeats) every beat rides with a report: a coordinator of
     * a thousand workers is woken once per worker and second instead of twice. Control thread.
     */
    void sendReport(StatsReport report) {
        if (heartbeat != null && System.nanoTime() - lastBeatNanos >= beatIntervalNanos / 2) {
            beat(encode(report));
        } else {
            send(report);
        }
    }

    private void beat() {
        beat(null);
    }

    /**
     * Ping and heartbeat now (with {@code report}, if not null, under the same flush), the next
     * ones an interval later. Control thread.
     */
    private void beat(WebSocketFrame report) {
        LinkSession current = session;
        if (current == null || !stillAlive()) {
            if (report != null) {
                report.release();
            }
            return;
        }
        WebSocketFrame heartbeatFrame = new TextWebSocketFrame(LinkCodec.encode(listener.heartbeat()));
        current.send(report == null ? new LinkBurst(new PingWebSocketFrame(), heartbeatFrame)
                : new LinkBurst(new PingWebSocketFrame(), heartbeatFrame, report));
        lastBeatNanos = System.nanoTime();
        cancelHeartbeat(); // when a report beat first; from the control thread itself, so never an interrupt
        heartbeat = control.schedule(this::beat, beatIntervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * False, and the link closed (listeners told), when the coordinator has been silent past the
     * liveness limit: ask before sending something that must not go into a dead connection, such as
     * a stats report of a process that was frozen (SIGSTOP) past the worker timeout, whose coordinator
     * dropped it meanwhile. Control thread.
     */
    boolean stillAlive() {
        return stillAlive(livenessLimitNanos);
    }

    /**
     * {@link #stillAlive()}, and the coordinator answered within two heartbeat intervals: false
     * after a pause of this process (or the coordinator) that may already have got it dropped,
     * though the liveness limit has not passed yet. Hold what must not be lost until the link
     * proves alive or is closed. Control thread.
     */
    boolean answering() {
        LinkSession current = session;
        return stillAlive() && current != null && !current.silentFor(answerWithinNanos);
    }

    private boolean stillAlive(long limitNanos) {
        LinkSession current = session;
        if (current == null) {
            return false;
        }
        if (current.silentFor(limitNanos)) {
            LOG.warn("no frame from coordinator {} for {} ms: closing the link", coordinator,
                    TimeUnit.NANOSECONDS.toMillis(limitNanos));
            Disposable open = connection;
            if (open != null) {
                open.dispose();
            }
            onClosed(null);
            return false;
        }
        return true;
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.dispose();
            heartbeat = null;
        }
    }

    /** No reconnect from now on; the open connection, if any, stays for the last frames. Control thread. */
    void stopReconnecting() {
        closed = true;
        if (reconnect != null) {
            reconnect.dispose();
        }
    }

    /** Sends what is queued, then a close frame, and stops heartbeating. Control thread. */
    void finish() {
        stopReconnecting();
        cancelHeartbeat();
        LinkSession current = session;
        if (current != null) {
            current.complete();
        }
    }

    /** Waits (at most 2 s) for a {@link #finish() finished} connection to end. Not on the control thread. */
    void awaitDisconnect() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        Disposable open = connection;
        while (open != null && !open.isDisposed() && session != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            open = connection;
        }
    }

    /** Drops the connection and releases its event loop and pool. */
    void release() {
        Disposable open = connection;
        if (open != null) {
            open.dispose();
        }
        connections.disposeLater().block(Duration.ofSeconds(2));
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(3));
    }
}
