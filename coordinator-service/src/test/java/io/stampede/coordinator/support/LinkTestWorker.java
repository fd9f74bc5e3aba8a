package io.stampede.coordinator.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.WorkerBye;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.stampede.core.stats.StatsDelta;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stampede.core.link.StatsReportFrame;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

/**
 * A protocol-level worker for tests of the coordinator side: speaks the real link over a real
 * socket, but runs no users; the test decides what it reports. Heartbeats (with the user
 * count the test sets) go out every 200 ms until {@link #silence()} or {@link #kill()}.
 */
public final class LinkTestWorker implements AutoCloseable {

    private final String id;
    private final BlockingQueue<LinkMessage> received = new LinkedBlockingQueue<>();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicInteger userCount = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Connection connection;
    private volatile Integer handshakeStatus;
    private final Disposable heartbeats;
    private final Disposable session;

    private LinkTestWorker(WorkerHello hello, int port, String token) {
        this.id = hello.workerId();
        HttpClient client = HttpClient.create().headers(h -> {
            if (token != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            }
        }).doOnResponse((res, conn) -> handshakeStatus = res.status().code());
        session = client.websocket()
                .uri("ws://127.0.0.1:" + port + "/link")
                .handle((in, out) -> {
                    in.withConnection(c -> connection = c);
                    Flux<Void> receive = in.receive().asString().doOnNext(t -> received.add(LinkCodec.decode(t))).thenMany(Flux.empty());
                    return Flux.merge(receive, out.sendObject(outbound.asFlux(), frame -> true).then());
                })
                .doOnError(e -> handshakeStatus = handshakeStatus == null ? -1 : handshakeStatus)
                .subscribe(x -> { }, e -> { });
        send(hello);
        heartbeats = Flux.interval(Duration.ofMillis(200))
                .subscribe(i -> send(new Heartbeat(id, userCount.get() > 0 ? WorkerState.RUNNING : WorkerState.READY,
                        userCount.get(), 1.5, 1000)));
    }

    public static LinkTestWorker connect(String id, int port, String token) {
        return new LinkTestWorker(new WorkerHello(id, "test-host", 2, LinkMessage.PROTOCOL_VERSION), port, token);
    }

    public static LinkTestWorker connectWithHello(WorkerHello hello, int port, String token) {
        return new LinkTestWorker(hello, port, token);
    }

    public String id() {
        return id;
    }

    public synchronized void send(LinkMessage message) {
        outbound.tryEmitNext(new TextWebSocketFrame(LinkCodec.encode(message)));
    }

    /** A binary frame as it is (a {@link StatsReportFrame}, or anything else to see it refused). */
    public synchronized void sendBinary(byte[] frame) {
        outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    /** {@link #report(String, StatsDelta, boolean)} as a binary frame, as a current worker sends it. */
    public long reportBinary(String runId, StatsDelta delta, boolean last) {
        long seq = sequence.incrementAndGet();
        sendBinary(StatsReportFrame.encode(new StatsReport(id, runId, seq, delta, last)));
        return seq;
    }

    public void setUserCount(int users) {
        userCount.set(users);
    }

    /** Sends the next stats report of the run (sequence 1, 2, 3 ...). */
    public long report(String runId, StatsDelta delta, boolean last) {
        long seq = sequence.incrementAndGet();
        send(new StatsReport(id, runId, seq, delta, last));
        return seq;
    }

    /** Sends a report with an explicit sequence (for duplicate tests). */
    public void report(String runId, long seq, StatsDelta delta, boolean last) {
        send(new StatsReport(id, runId, seq, delta, last));
    }

    /** Next message of the given type within the timeout, skipping others; null on timeout. */
    public <T extends LinkMessage> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            LinkMessage m = received.poll(left, TimeUnit.NANOSECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    public List<LinkMessage> drainReceived() {
        List<LinkMessage> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** HTTP status of the handshake response (101 when upgraded), null before it came. */
    public Integer handshakeStatus() {
        return handshakeStatus;
    }

    /** True once the connection is closed (by either side) or the handshake failed. */
    public boolean isClosed() {
        Connection c = connection;
        return c != null ? c.isDisposed() : handshakeStatus != null && handshakeStatus != 101;
    }

    /** Stops heartbeats but keeps the connection open: a hung worker. */
    public void silence() {
        heartbeats.dispose();
    }

    /** Drops the connection without a bye: a crashed worker. */
    public void kill() {
        heartbeats.dispose();
        Connection c = connection;
        if (c != null) {
            c.dispose();
        }
        session.dispose();
    }

    public void bye() {
        send(new WorkerBye(id, "test"));
    }

    @Override
    public void close() {
        kill();
    }
}
