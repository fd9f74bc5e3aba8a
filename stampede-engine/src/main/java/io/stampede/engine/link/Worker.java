package io.stampede.engine.link;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.stampede.core.link.HelloAck;
import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.Reject;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StopLoad;
import io.stampede.core.link.WorkerBye;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.UserPopulation;
import io.stampede.engine.step.SampleRecorder;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The worker side of the coordinator link. Connects out to the coordinator's WebSocket
 * endpoint (bearer token in the handshake), says hello, heartbeats, runs the load it is told
 * to run and reports stats every second. Reconnects forever with capped exponential backoff;
 * a link lost during a run stops the run's users at once (well within the contract's 10 s).
 *
 * <p>Every state change happens on one control thread, so the run state needs no locks.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private final WorkerSettings settings;
    private final LoadEngine engine;
    private final Scheduler control;
    private final LoopResources linkLoops;
    private final ConnectionProvider linkConnections;
    private final ProcessMetrics processMetrics = new ProcessMetrics();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();

    // Mutated on the control thread only; volatile where other threads read them.
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile WorkerState state = WorkerState.READY;
    private volatile Run run;
    private Session session;
    private Disposable connection;
    private Disposable heartbeat;
    private Disposable reconnect;
    private int failedAttempts;
    private long livenessLimitNanos = TimeUnit.SECONDS.toNanos(6);
    private String lastRunId;
    private long lastRunSequence;

    public Worker(WorkerSettings settings) {
        this.settings = settings;
        this.engine = new LoadEngine(settings.engine());
        this.control = Schedulers.newSingle("stampede-link-control", true);
        this.linkLoops = LoopResources.create("stampede-link", 1, true);
        this.linkConnections = ConnectionProvider.newConnection();
    }

    /** Connects (and keeps reconnecting) in the background; returns at once. */
    public void start() {
        control.schedule(this::connect);
    }

    public String workerId() {
        return settings.workerId();
    }

    public WorkerSettings settings() {
        return settings;
    }

    /** True between the coordinator's HelloAck and the loss of the link. */
    public boolean isConnected() {
        return connected;
    }

    public WorkerState state() {
        return state;
    }

    /** The engine's own figures (connections, event-loop lag), for the worker's metrics. */
    public io.stampede.engine.EngineHealth engineHealth() {
        return engine.health();
    }

    /** Users running now (not counting stopping ones). */
    public int userCount() {
        Run current = run;
        return current == null ? 0 : current.population.userCount();
    }

    /** Requests recorded since this worker started, for metrics. */
    public long requestCount() {
        return requests.sum();
    }

    /** Failed requests recorded since this worker started, for metrics. */
    public long failureCount() {
        return failures.sum();
    }

    /** The run in progress, or null. */
    public String runId() {
        Run current = run;
        return current == null ? null : current.runId;
    }

    // ---------------------------------------------------------------- connection

    private void connect() {
        if (closed) {
            return;
        }
        reconnect = null;
        String token = settings.linkToken();
        HttpClient client = HttpClient.create(linkConnections)
                .runOn(linkLoops)
                .headers(headers -> {
                    if (token != null && !token.isBlank()) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                });
        connection = client
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri(settings.coordinator())
                .handle((inbound, outbound) -> {
                    Sinks.Many<WebSocketFrame> frames = Sinks.many().unicast().onBackpressureBuffer();
                    Session opened = new Session(frames);
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
                    // Flush every frame: the default flush-on-burst left large stats reports unflushed
                    // once the channel passed its high-water mark, and the link went silent (bench fleet).
                    Mono<Void> sending = outbound.sendObject(frames.asFlux(), frame -> true).then().then(outbound.sendClose());
                    return Mono.firstWithSignal(receiving, sending);
                })
                .subscribe(null,
                        error -> control.schedule(() -> onClosed(error)),
                        () -> control.schedule(() -> onClosed(null)));
    }

    private void onOpen(Session opened) {
        if (closed) {
            opened.complete();
            return;
        }
        session = opened;
        send(new WorkerHello(settings.workerId(), WorkerSettings.hostname(), Runtime.getRuntime().availableProcessors(),
                LinkMessage.PROTOCOL_VERSION));
    }

    private void onClosed(Throwable error) {
        boolean wasConnected = connected;
        connected = false;
        session = null;
        connection = null;
        cancelHeartbeat();
        if (run != null) {
            // The coordinator is gone: nobody would count this load. Stop it now.
            LOG.warn("link to coordinator {} lost during run {}: stopping {} users", settings.coordinator(),
                    run.runId, run.population.userCount());
            abandonRun();
        }
        if (closed) {
            return;
        }
        Duration delay = backoff();
        if (wasConnected) {
            LOG.warn("link to coordinator {} lost{}; reconnecting in {} ms", settings.coordinator(),
                    error == null ? "" : " (" + error.getMessage() + ")", delay.toMillis());
        } else if (failedAttempts <= 1 || failedAttempts % 20 == 0) {
            LOG.info("cannot reach coordinator {}{}; retrying every {} ms at most", settings.coordinator(),
                    error == null ? "" : ": " + error.getMessage(), settings.reconnectMax().toMillis());
        }
        reconnect = control.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration backoff() {
        long min = settings.reconnectMin().toMillis();
        long max = settings.reconnectMax().toMillis();
        long delay = min << Math.min(failedAttempts, 20);
        failedAttempts++;
        return Duration.ofMillis(Math.min(max, Math.max(1, delay)));
    }

    private void send(LinkMessage message) {
        Session current = session;
        if (current != null) {
            current.send(LinkCodec.encode(message));
        }
    }

    // ---------------------------------------------------------------- messages

    private void onFrame(Session from, String text) {
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
            case StartLoad start -> onStartLoad(start);
            case StopLoad stop -> onStopLoad(stop);
            case Reject reject -> LOG.error("coordinator {} rejected this worker: {}", settings.coordinator(), reject.reason());
            default -> LOG.warn("ignoring unexpected {} from coordinator", message.getClass().getSimpleName());
        }
    }

    private void onHelloAck(HelloAck ack) {
        connected = true;
        failedAttempts = 0;
        LOG.info("connected to coordinator {} as {}", settings.coordinator(), settings.workerId());
        cancelHeartbeat();
        long interval = Math.max(100, ack.heartbeatIntervalMillis());
        // Pings go out with every heartbeat; missing answers for three intervals (2..6 s) end the link.
        livenessLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.clamp(3 * interval, 2_000, 6_000));
        heartbeat = control.schedulePeriodically(this::sendHeartbeat, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat() {
        Session current = session;
        if (current != null && current.silentFor(livenessLimitNanos)) {
            // A coordinator that answered pings and went silent is frozen or cut off without a
            // FIN: drop the link now rather than when TCP gives up, so the load stops in time.
            LOG.warn("no frame from coordinator {} for {} ms: closing the link", settings.coordinator(),
                    TimeUnit.NANOSECONDS.toMillis(livenessLimitNanos));
            Disposable open = connection;
            if (open != null) {
                open.dispose();
            }
            onClosed(null);
            return;
        }
        if (current != null) {
            current.ping();
        }
        send(new Heartbeat(settings.workerId(), currentState(), userCount(), processMetrics.cpuPercent(),
                processMetrics.memoryBytes()));
    }

    private WorkerState currentState() {
        Run current = run;
        if (current == null) {
            return WorkerState.READY;
        }
        if (current.stopping) {
            return WorkerState.STOPPING;
        }
        return current.population.isSpawning() ? WorkerState.SPAWNING : WorkerState.RUNNING;
    }

    private void onStartLoad(StartLoad start) {
        if (run != null && run.runId.equals(start.runId()) && !run.stopping) {
            run.population.adjust(start.users(), start.spawnRate());
            LOG.info("run {}: adjusting to {} users at {}/s", start.runId(), start.users(), start.spawnRate());
            updateState();
            return;
        }
        if (run != null) {
            LOG.info("run {} replaced by run {}", run.runId, start.runId());
            finishRun(run); // the old run's last report goes out before the new run starts
        }
        StatsRecorder stats = new StatsRecorder();
        SampleRecorder recorder = (method, name, micros, length, error) -> {
            requests.increment();
            if (error != null) {
                failures.increment();
            }
            stats.record(method, name, micros, length, error);
        };
        UserPopulation population;
        try {
            Scenario scenario = start.scenarioYaml() == null || start.scenarioYaml().isBlank()
                    ? Scenario.defaultScenario(start.host())
                    : ScenarioParser.parse(start.scenarioYaml(), start.scenarioName());
            // run.id: k8s steps label what they create with it ("${run.id}" in templates too)
            Map<String, String> runVariables = new java.util.HashMap<>(start.variables() == null ? Map.of() : start.variables());
            runVariables.put(io.stampede.engine.k8s.K8sStepExecutor.RUN_ID_VARIABLE, start.runId());
            population = engine.start(new RunSpec(scenario, start.host(), start.userIdOffset(), runVariables,
                            start.workerIndex(), start.workerCount(), start.attachments()),
                    recorder, start.users(), start.spawnRate());
        } catch (RuntimeException e) {
            // Refused: the reason reaches the coordinator as a failure of the run, and the logs.
            LOG.error("run {}: cannot run scenario {}: {}", start.runId(), start.scenarioName(), e.getMessage());
            stats.record("START", start.scenarioName() == null ? "scenario" : start.scenarioName(), 0, 0,
                    "scenario refused by worker " + settings.workerId() + ": " + e.getMessage());
            send(new StatsReport(settings.workerId(), start.runId(), 1, stats.drain(), true));
            lastRunId = start.runId();
            lastRunSequence = 1;
            return;
        }
        Run started = new Run(start.runId(), population, stats);
        run = started;
        started.reporter = control.schedulePeriodically(() -> sendReport(started, false),
                settings.statsInterval().toMillis(), settings.statsInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("run {}: starting {} users at {}/s on {}", start.runId(), start.users(), start.spawnRate(),
                population.spec().host());
        updateState();
    }

    private void onStopLoad(StopLoad stop) {
        Run current = run;
        if (current == null || !current.runId.equals(stop.runId())) {
            // Nothing of that run here (already stopped, or it was refused): confirm with an empty last report.
            long sequence = stop.runId().equals(lastRunId) ? ++lastRunSequence : 1;
            send(new StatsReport(settings.workerId(), stop.runId(), sequence,
                    new StatsRecorder().drain(), true));
            return;
        }
        if (current.stopping) {
            return;
        }
        current.stopping = true;
        updateState();
        LOG.info("run {}: stopping {} users", current.runId, current.population.userCount());
        Duration wait = settings.engine().stopGrace().plusSeconds(2);
        current.population.stop()
                .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, error) -> control.schedule(() -> {
                    if (run == current) {
                        finishRun(current);
                    }
                }));
    }

    /** Stops the run (if needed) and sends its last report; called on the control thread. */
    private void finishRun(Run finished) {
        finished.stopping = true;
        finished.population.stop();
        if (finished.reporter != null) {
            finished.reporter.dispose();
        }
        sendReport(finished, true);
        // Delete what the run created (k8s objects) without holding the control thread.
        Thread.ofVirtual().name("cleanup-" + finished.runId).start(() -> engine.runFinished(finished.runId));
        lastRunId = finished.runId;
        lastRunSequence = finished.sequence;
        if (run == finished) {
            run = null;
        }
        updateState();
    }

    /** The link is gone: stop the users, drop the run (its coordinator cannot receive reports). */
    private void abandonRun() {
        Run abandoned = run;
        run = null;
        abandoned.stopping = true;
        if (abandoned.reporter != null) {
            abandoned.reporter.dispose();
        }
        abandoned.population.stop();
        updateState();
    }

    private void sendReport(Run of, boolean last) {
        of.sequence++;
        send(new StatsReport(settings.workerId(), of.runId, of.sequence, of.stats.drain(), last));
    }

    private void updateState() {
        state = currentState();
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.dispose();
            heartbeat = null;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops the users, sends the last report and {@code WorkerBye}, closes the link and releases
     * every thread. Blocks for at most a few seconds.
     */
    @Override
    public void close() {
        CountDownLatch farewell = new CountDownLatch(1);
        CompletableFuture<Void> usersStopped = new CompletableFuture<>();
        try {
            control.schedule(() -> {
                closed = true;
                if (reconnect != null) {
                    reconnect.dispose();
                }
                Run current = run;
                if (current == null) {
                    usersStopped.complete(null);
                } else {
                    current.stopping = true;
                    current.population.stop().whenComplete((ignored, error) -> usersStopped.complete(null));
                }
            });
            usersStopped.completeOnTimeout(null, settings.engine().stopGrace().toMillis() + 1000, TimeUnit.MILLISECONDS).join();
            control.schedule(() -> {
                if (run != null) {
                    finishRun(run);
                }
                send(new WorkerBye(settings.workerId(), "shutdown"));
                Session current = session;
                if (current != null) {
                    current.complete(); // flushes the frames, then a close frame
                }
                cancelHeartbeat();
                farewell.countDown();
            });
            farewell.await(5, TimeUnit.SECONDS);
            awaitDisconnect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // already closed
        } finally {
            Disposable open = connection;
            if (open != null) {
                open.dispose();
            }
            control.dispose();
            engine.close();
            linkConnections.disposeLater().block(Duration.ofSeconds(2));
            linkLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(1)).block(Duration.ofSeconds(3));
        }
    }

    private void awaitDisconnect() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (connection != null && !connection.isDisposed() && session != null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** One run on this worker: its users, its recorder and its report sequence. */
    private static final class Run {

        final String runId;
        final UserPopulation population;
        final StatsRecorder stats;
        long sequence;
        volatile boolean stopping;
        Disposable reporter;

        Run(String runId, UserPopulation population, StatsRecorder stats) {
            this.runId = runId;
            this.population = population;
            this.stats = stats;
        }
    }

    /** The outbound side of one WebSocket connection; frames may be sent from any thread. */
    private static final class Session {

        private final Sinks.Many<WebSocketFrame> frames;
        volatile long lastInboundNanos = System.nanoTime();
        /** Set on the first pong: only a peer known to answer pings is held to the liveness limit. */
        volatile boolean answersPings;

        Session(Sinks.Many<WebSocketFrame> frames) {
            this.frames = frames;
        }

        synchronized void send(String frame) {
            frames.tryEmitNext(new TextWebSocketFrame(frame));
        }

        synchronized void ping() {
            frames.tryEmitNext(new PingWebSocketFrame());
        }

        synchronized void complete() {
            frames.tryEmitComplete();
        }

        boolean silentFor(long nanos) {
            return answersPings && System.nanoTime() - lastInboundNanos > nanos;
        }
    }
}
