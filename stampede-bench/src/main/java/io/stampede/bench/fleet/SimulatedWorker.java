package io.stampede.bench.fleet;

import io.stampede.core.link.HelloAck;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.Reject;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StopLoad;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.stampede.engine.link.LinkBurst;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stampede.core.link.StatsReportFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import io.stampede.core.stats.StatsDelta;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One worker as the coordinator sees it: a real WebSocket link that says hello, heartbeats
 * (a ping and a heartbeat frame, as the worker's LinkClient), and, while a run is on, sends a
 * stats report every second at its moment of the wall-clock second (the worker's ReportClock sends
 * its own just after the second), which the heartbeat rides with when due (as the LinkClient does).
 * It runs no virtual users; its reports come from {@link ReportTemplates}.
 */
final class SimulatedWorker {

    private final String workerId;
    private final ReportTemplates templates;
    private final SentLog sentLog;
    private final Scheduler timer;
    /** When in each wall-clock second this worker reports, after the whole seconds of the ramp. */
    private final long reportOffsetNanos;
    private final long rampNanos;
    /** WebSocket frames and {@link LinkBurst}s, as the worker's link sends them. */
    private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();
    /** Send reports as JSON even when the coordinator reads binary frames (the comparison run). */
    private final boolean jsonReports;
    private volatile boolean binaryReports;
    final CompletableFuture<HelloAck> acked = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** The next timed heartbeat, an interval after the last beat; null before the HelloAck. */
    private Disposable heartbeat;
    private long heartbeatIntervalNanos;
    private long lastBeatNanos;
    private boolean timersStopped;
    private Disposable reports;
    private volatile String runId;
    private volatile boolean reporting = true;
    private long sequence;
    private long lastReportMillis = System.currentTimeMillis();

    SimulatedWorker(String workerId, ReportTemplates templates, SentLog sentLog, Scheduler timer,
                    long reportOffsetNanos, long rampNanos, boolean jsonReports) {
        this.jsonReports = jsonReports;
        this.workerId = workerId;
        this.templates = templates;
        this.sentLog = sentLog;
        this.timer = timer;
        this.reportOffsetNanos = reportOffsetNanos;
        this.rampNanos = rampNanos;
    }

    Mono<Void> connect(HttpClient client, String uri) {
        return client.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 24).build()).uri(uri).handle((in, out) -> {
                    send(new WorkerHello(workerId, "bench-fleet", 1, LinkMessage.PROTOCOL_VERSION));
                    Mono<Void> receive = in.receiveFrames()
                            .filter(frame -> frame instanceof TextWebSocketFrame) // not the pongs
                            .doOnNext(frame -> onFrame(((TextWebSocketFrame) frame).text())).then();
                    // Flush every frame: with sendString's flush-on-burst, a few large report frames
                    // fill the channel past its high-water mark and the link stalls unflushed.
                    in.withConnection(connection -> connection.addHandlerLast("link-burst", LinkBurst.ENCODER));
                    return Mono.when(out.sendObject(outbound.asFlux(), frame -> true).then(),
                            receive);
                })
                .doFinally(signal -> {
                    stopTimers();
                    closed.complete(null);
                    acked.completeExceptionally(new IllegalStateException(workerId + " closed before hello-ack"));
                })
                .then();
    }

    private void onFrame(String frame) {
        switch (LinkCodec.decode(frame)) {
            case HelloAck ack -> {
                binaryReports = ack.statsReportsBinary() && !jsonReports;
                startHeartbeats(Duration.ofMillis(ack.heartbeatIntervalMillis()));
                acked.complete(ack);
            }
            case StartLoad start -> startReporting(start.runId());
            case StopLoad stop -> stopReporting(true);
            case Reject reject -> acked.completeExceptionally(new IllegalStateException(
                    workerId + " rejected: " + reject.reason()));
            default -> {
            }
        }
    }

    private synchronized void startReporting(String newRunId) {
        if (newRunId.equals(runId)) {
            return; // a re-sent StartLoad with a new share keeps the run
        }
        runId = newRunId;
        sequence = 0;
        lastReportMillis = System.currentTimeMillis();
        if (reports != null) {
            reports.dispose();
        }
        long toNextSecondNanos = (1000 - lastReportMillis % 1000) * 1_000_000L;
        Duration firstReport = Duration.ofNanos(toNextSecondNanos + reportOffsetNanos + rampNanos);
        reports = Flux.interval(firstReport, Duration.ofSeconds(1), timer).subscribe(tick -> report(false));
    }

    /** Stops sending reports; with {@code last} sends the final one a stopping worker sends. */
    synchronized void stopReporting(boolean last) {
        if (reports != null) {
            reports.dispose();
            reports = null;
        }
        reporting = false;
        if (last && runId != null) {
            report(true); // the StopLoad answer the coordinator waits for, even after the fleet stopped reporting
            runId = null;
        }
    }

    private synchronized void startHeartbeats(Duration interval) {
        heartbeatIntervalNanos = interval.toNanos();
        beat(null);
    }

    /** Ping and heartbeat now, with the report (if not null) under the same flush; the next ones an interval later. */
    private synchronized void beat(WebSocketFrame report) {
        if (timersStopped) {
            return;
        }
        if (heartbeat != null) {
            heartbeat.dispose();
        }
        WebSocketFrame heartbeatFrame = encode(new Heartbeat(workerId,
                runId == null ? WorkerState.READY : WorkerState.RUNNING, runId == null ? 0 : 1, 1.0, 64L << 20));
        outbound.tryEmitNext(report == null ? new LinkBurst(new PingWebSocketFrame(), heartbeatFrame)
                : new LinkBurst(new PingWebSocketFrame(), heartbeatFrame, report));
        lastBeatNanos = System.nanoTime();
        heartbeat = timer.schedule(() -> beat(null), heartbeatIntervalNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private synchronized void report(boolean last) {
        if (runId == null || (!reporting && !last)) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean empty = last;
        StatsReport report = new StatsReport(workerId, runId, ++sequence,
                empty ? new StatsDelta(lastReportMillis, now, List.of(), List.of())
                        : templates.delta(lastReportMillis, now), last);
        lastReportMillis = now;
        if (heartbeat != null && System.nanoTime() - lastBeatNanos >= heartbeatIntervalNanos / 2) {
            beat(encode(report)); // the heartbeat rides with the report, as the worker's LinkClient sends it
        } else {
            send(report);
        }
        if (!empty) {
            sentLog.sent(templates.requestsPerReport());
        }
    }

    private synchronized void send(LinkMessage message) {
        outbound.tryEmitNext(encode(message));
    }

    private WebSocketFrame encode(LinkMessage message) {
        if (message instanceof StatsReport report && binaryReports) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(StatsReportFrame.encode(report)));
        }
        return new TextWebSocketFrame(LinkCodec.encode(message));
    }

    private synchronized void stopTimers() {
        timersStopped = true;
        if (heartbeat != null) {
            heartbeat.dispose();
            heartbeat = null; // and no beat with a last report
        }
        if (reports != null) {
            reports.dispose();
        }
    }

    synchronized void close() {
        stopTimers();
        outbound.tryEmitComplete();
    }
}
