package io.stampede.engine.link;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.core.link.Heartbeat;
import io.stampede.core.link.LinkMessage;
import io.stampede.core.link.ShareLimited;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StopLoad;
import io.stampede.core.link.WorkerBye;
import io.stampede.core.link.WorkerHello;
import io.stampede.core.link.WorkerState;
import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.LoadEngine;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The worker agent: runs the load the coordinator asks for on its {@link LoadEngine} and reports
 * the run's stats every second. {@code StartLoad} starts a run (or adjusts the one running),
 * {@code StopLoad} stops it with a last report; losing the coordinator stops the users at once
 * (the {@link LinkClient} notices within 6 s, the stop grace bounds the rest: within the
 * contract's 10 s), since nobody would count that load.
 *
 * <p>The transport (connect, reconnect, liveness, heartbeats) is the {@link LinkClient}'s. Every
 * state change happens on one control thread shared with it, so the run state needs no locks.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final LoadEngine engine;
    private final Scheduler control = Schedulers.newSingle("stampede-link-control", true);
    private final LinkClient link;
    private final ProcessMetrics processMetrics = new ProcessMetrics();
    private final RequestCounters counters = new RequestCounters();

    // Mutated on the control thread only; volatile where other threads read them.
    private volatile WorkerState state = WorkerState.READY;
    private volatile HostedRun run;
    /** The last run that ended here and its last sequence: a late StopLoad for it is confirmed in sequence. */
    private String lastRunId;
    private long lastRunSequence;
    /**
     * What the users of a run abandoned when the link was lost did since its last report: sent to
     * the next coordinator this worker reaches, so a link that was cut (or a worker frozen past the
     * worker timeout) loses nothing; a coordinator running another run drops it.
     */
    private final java.util.List<StatsReport> unsent = new java.util.ArrayList<>();
    /** What this worker can hold, measured when the current run started here. */
    private WorkerCapacity capacity;

    public Worker(WorkerSettings settings) {
        this.settings = settings;
        this.engine = new LoadEngine(settings.engine());
        this.link = new LinkClient(settings.coordinator(), settings.linkToken(), settings.reconnectMin(),
                settings.reconnectMax(), control, new LinkEvents());
    }

    /** Connects (and keeps reconnecting) in the background; returns at once. */
    public void start() {
        link.start();
    }

    public String workerId() {
        return settings.workerId();
    }

    public WorkerSettings settings() {
        return settings;
    }

    /** True between the coordinator's HelloAck and the loss of the link. */
    public boolean isConnected() {
        return link.isConnected();
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
        HostedRun current = run;
        return current == null ? 0 : current.population.userCount();
    }

    /** Requests recorded since this worker started, for metrics. */
    public long requestCount() {
        return counters.requests();
    }

    /** Failed requests recorded since this worker started, for metrics. */
    public long failureCount() {
        return counters.failures();
    }

    /** The run in progress, or null. */
    public String runId() {
        HostedRun current = run;
        return current == null ? null : current.runId;
    }

    // ---------------------------------------------------------------- commands (control thread)

    private void onStartLoad(StartLoad asked) {
        if (run != null && run.runId.equals(asked.runId()) && !run.stopping) {
            StartLoad start = withinCapacity(asked);
            try {
                LOG.info("run {}: adjusting to {}", start.runId(), run.adjust(start));
            } catch (IllegalArgumentException e) {
                LOG.error("run {}: {}", start.runId(), e.getMessage());
            }
            updateState();
            return;
        }
        if (run != null) {
            LOG.info("run {} replaced by run {}", run.runId, asked.runId());
            finishRun(run); // the old run's last report goes out before the new run starts
        }
        // Before the run's users open connections: what is open now is the worker's own.
        capacity = WorkerCapacity.measure();
        StartLoad start = withinCapacity(asked);
        StatsRecorder stats = new StatsRecorder();
        HostedRun started;
        try {
            started = HostedRun.start(engine, start, stats, counters.countingInto(stats));
        } catch (RuntimeException e) {
            // Refused: the reason reaches the coordinator as a failure of the run, and the logs.
            LOG.error("run {}: cannot run scenario {}: {}", start.runId(), start.scenarioName(), e.getMessage());
            StatsReport refusal = HostedRun.refusal(settings.workerId(), start, e);
            link.send(refusal);
            lastRunId = refusal.runId();
            lastRunSequence = refusal.sequence();
            return;
        }
        run = started;
        started.reporter = ReportClock.start(control, settings.statsInterval().toMillis(), () -> {
            // A report into a link the coordinator may have dropped (this process was paused) would be
            // lost: held, it goes out with the next one, or with the abandoned run's after a reconnect.
            if (link.answering()) {
                link.sendReport(started.report(settings.workerId(), false, link.histogramEncoding()));
            }
        });
        LOG.info("run {}: starting {} users at {}/s on {}", start.runId(), start.users(), start.spawnRate(),
                started.population.spec().host());
        updateState();
    }

    private void onStopLoad(StopLoad stop) {
        HostedRun current = run;
        if (current == null || !current.runId.equals(stop.runId())) {
            // Nothing of that run here (already stopped, or it was refused): confirm with an empty last report.
            long sequence = stop.runId().equals(lastRunId) ? ++lastRunSequence : 1;
            link.send(new StatsReport(settings.workerId(), stop.runId(), sequence, new StatsRecorder().drain(), true));
            return;
        }
        if (current.stopping) {
            return;
        }
        LOG.info("run {}: stopping {} users", current.runId, current.population.userCount());
        CompletableFuture<Void> usersStopped = current.stop(settings.engine().stopGrace().plusSeconds(2));
        updateState();
        usersStopped.whenComplete((ignored, error) -> control.schedule(() -> {
            if (run == current) {
                finishRun(current);
            }
        }));
    }

    /**
     * The part of the share this worker can hold; a share beyond its capacity is cut to it, logged
     * and reported to the coordinator, so the worker runs what it can and stays up.
     */
    private StartLoad withinCapacity(StartLoad start) {
        int limit = capacity.users();
        String unit;
        long asked;
        StartLoad held;
        if (start.open() == null) {
            if (start.users() <= limit) {
                return start;
            }
            unit = ShareLimited.USERS;
            asked = start.users();
            held = start.withUsers(limit);
        } else {
            if (start.open().maxInFlight() <= limit) {
                return start;
            }
            unit = ShareLimited.IN_FLIGHT;
            asked = start.open().maxInFlight();
            held = start.withOpen(start.open().withMaxInFlight(limit));
        }
        ShareLimited limited = new ShareLimited(settings.workerId(), start.runId(), unit, asked, limit,
                capacity.describe());
        LOG.warn("run {}: asked for {} {}, this worker can hold {}: refusing {} ({})", start.runId(), asked, unit,
                limit, limited.refused(), limited.reason());
        link.send(limited);
        return held;
    }

    /** Stops the run (if needed) and sends its last report. */
    private void finishRun(HostedRun finished) {
        finished.halt();
        link.send(finished.report(settings.workerId(), true, link.histogramEncoding()));
        // Delete what the run created (k8s objects) without holding the control thread.
        Thread.ofVirtual().name("cleanup-" + finished.runId).start(() -> engine.runFinished(finished.runId));
        lastRunId = finished.runId;
        lastRunSequence = finished.sequence();
        if (run == finished) {
            run = null;
        }
        updateState();
    }

    /** The coordinator is gone: nobody would count this load. Stop the users, drop the run. */
    private void onLinkLost() {
        HostedRun abandoned = run;
        if (abandoned == null) {
            return;
        }
        LOG.warn("link to coordinator {} lost during run {}: stopping {} users", settings.coordinator(),
                abandoned.runId, abandoned.population.userCount());
        run = null;
        abandoned.halt();
        abandoned.stop(settings.engine().stopGrace().plusSeconds(2)).whenComplete((ignored, error) -> control.schedule(() -> {
            // Compressed: it goes to whichever coordinator takes this worker next, perhaps an older one.
            unsent.add(abandoned.report(settings.workerId(), false, HistogramCodec.Encoding.COMPRESSED));
            if (link.isConnected()) {
                onLinkRegained(); // back already, while the users were stopping
            }
        }));
        updateState();
    }

    /** Back on a link: what an abandoned run did unreported goes first. */
    private void onLinkRegained() {
        for (StatsReport report : unsent) {
            LOG.info("run {}: sending the report of {} request(s) made since the last one before the link was lost",
                    report.runId(), report.delta().entries().stream().mapToLong(e -> e.numRequests()).sum());
            link.send(report);
        }
        unsent.clear();
    }

    private void updateState() {
        HostedRun current = run;
        state = current == null ? WorkerState.READY : current.state();
    }

    /** What the link says for this worker, and where the coordinator's commands go. */
    private final class LinkEvents implements LinkClient.Listener {

        @Override
        public WorkerHello hello() {
            return new WorkerHello(settings.workerId(), WorkerSettings.hostname(),
                    Runtime.getRuntime().availableProcessors(), LinkMessage.PROTOCOL_VERSION);
        }

        @Override
        public Heartbeat heartbeat() {
            updateState();
            return new Heartbeat(settings.workerId(), state, userCount(), processMetrics.cpuPercent(),
                    processMetrics.memoryBytes());
        }

        @Override
        public void onMessage(LinkMessage message) {
            switch (message) {
                case StartLoad start -> onStartLoad(start);
                case StopLoad stop -> onStopLoad(stop);
                default -> LOG.warn("ignoring unexpected {} from coordinator", message.getClass().getSimpleName());
            }
        }

        @Override
        public void onDisconnected() {
            onLinkLost();
        }

        @Override
        public void onConnected() {
            onLinkRegained();
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
                link.stopReconnecting();
                HostedRun current = run;
                CompletableFuture<Void> stopping = current == null ? CompletableFuture.completedFuture(null)
                        : current.stop(settings.engine().stopGrace().plusSeconds(1));
                stopping.whenComplete((ignored, error) -> usersStopped.complete(null));
            });
            // Bounded even if the control thread is gone already.
            usersStopped.completeOnTimeout(null, settings.engine().stopGrace().toMillis() + 2000, TimeUnit.MILLISECONDS).join();
            control.schedule(() -> {
                if (run != null) {
                    finishRun(run);
                }
                link.send(new WorkerBye(settings.workerId(), "shutdown"));
                link.finish();
                farewell.countDown();
            });
            farewell.await(5, TimeUnit.SECONDS);
            link.awaitDisconnect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // already closed
        } finally {
            link.release();
            control.dispose();
            engine.close();
        }
    }
}
