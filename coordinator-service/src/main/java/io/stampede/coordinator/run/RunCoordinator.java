package io.stampede.coordinator.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.link.LinkListener;
import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.report.GeneratorHealth;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.coordinator.report.StatsHistory;
import io.stampede.core.link.ShareLimited;
import io.stampede.core.link.StatsReport;
import io.stampede.core.load.LoadModel;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run state machine (ready → spawning → running → stopping → stopped) and the one clock
 * of a run: every transition happens under this object's monitor, and observers learn of them
 * through {@link #events()} ({@link RunEvent}: started, a tick a second, workers changed,
 * stopped) instead of polling. The jobs around it live beside it: {@link WorkerShares} hands the
 * load to the workers as a {@link LoadDistributor} divides it, {@link RunStats} merges their
 * reports, {@link SetupTeardown} runs setup before any StartLoad and teardown after the stop.
 *
 * <p>Whenever the set of workers changes during a run (a worker joins, leaves or times out) or
 * the user edits the run, every worker gets a new share. Reports of other runs are dropped;
 * reports of a worker that already left still count, so leaving after its last report loses nothing.
 */
public final class RunCoordinator implements LinkListener, AutoCloseable {

    /** Stats rows of setup/teardown requests belong to no worker: {@link #mergedRequests} of this id stays 0. */
    public static final String COORDINATOR_WORKER_ID = "coordinator";
    /** The period of the run clock and of its {@link RunEvent.Tick}s. */
    public static final Duration TICK = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);

    private final WorkerRegistry registry;
    private final CoordinatorProperties properties;
    private final ScenarioSource launchScenario;
    private final String launchHost;
    private final RunStats stats = new RunStats();
    private final WorkerShares shares;
    private final SetupTeardown setupTeardown;
    private final RunEvents events = new RunEvents();
    private final RunClock clock;
    /** The current run's shares that workers cut to their capacity, by worker id (read by web threads). */
    private final Map<String, ShareLimited> limitedShares = new java.util.concurrent.ConcurrentHashMap<>();

    private RunState state = RunState.READY;
    private Run current;
    private long spawnStartedAtMillis;
    private long stoppedAtMillis;
    private ScheduledFuture<?> runTimer;
    private ScheduledFuture<?> stopTimer;
    private CompletableFuture<Run> completion = new CompletableFuture<>();
    /** What every StartLoad of the current run carries: scenario variables plus setup's extractions. */
    private Map<String, String> runVariables = Map.of();
    /** Why the current run failed before its users started (e.g. its setup); null otherwise. */
    private String runError;
    /** True from a run's start until its setup finished: no StartLoad goes out meanwhile. */
    private boolean awaitingSetup;
    /** Open model: whether the run clock (the schedule's zero) was set, at the first division with a worker. */
    private boolean rateClockStarted;

    public RunCoordinator(WorkerRegistry registry, CoordinatorProperties properties, ScenarioSource launchScenario,
                          String launchHost) {
        this(registry, properties, launchScenario, launchHost, LoadDistributor.STANDARD);
    }

    public RunCoordinator(WorkerRegistry registry, CoordinatorProperties properties, ScenarioSource launchScenario,
                          String launchHost, LoadDistributor distributor) {
        this.registry = registry;
        this.properties = properties;
        this.launchScenario = launchScenario;
        this.launchHost = launchHost;
        this.shares = new WorkerShares(registry, distributor);
        this.setupTeardown = new SetupTeardown(properties.insecureTls(), this::mergeOwn);
        this.clock = new RunClock(this::tick);
    }

    // ---- commands -------------------------------------------------------------------------

    /**
     * Starts a run, or changes users/spawn rate of the active one (Locust's behaviour).
     *
     * @return the run as it is now
     */
    public synchronized Run swarm(SwarmCommand command) {
        return swarm(command, launchScenario);
    }

    /**
     * As {@link #swarm(SwarmCommand)}, a new run executing {@code scenario} instead of the launch
     * one (the UI's scenario picker); an active run keeps its scenario and changes its load.
     */
    public synchronized Run swarm(SwarmCommand command, ScenarioSource scenario) {
        long now = System.currentTimeMillis();
        boolean started = !state.isActive();
        if (started) {
            if (state == RunState.STOPPING) {
                finishStop("a new run was started");
            }
            String host = command.host() != null && !command.host().isBlank()
                    ? command.host() : scenario.resolveHost(launchHost);
            current = new Run(newRunId(), scenario, host, command.load(), null, now, System.nanoTime());
            rateClockStarted = false;
            stats.newRun(now);
            limitedShares.clear();
            completion = new CompletableFuture<>();
            runError = null;
            runVariables = scenario.scenario().variables();
            // On the run clock, never inline: this still holds the monitor and sets the state after this.
            awaitingSetup = setupTeardown.beginSetup(current, clock.executor(), this::setupFinished);
            log.info("Run {} started: {} on {} with {} worker(s)", current.id(), command.load().describe(), host,
                    registry.size());
        } else {
            current = current.withLoad(LoadChange.apply(current, command.load(), System.nanoTime()));
            limitedShares.clear(); // each worker answers the new share again if it can't hold it
            log.info("Run {} changed: {}", current.id(), command.load().describe());
        }
        if (command.runTime() != null) {
            current = current.withRunTime(command.runTime());
            RunClock.cancel(runTimer);
            String runId = current.id();
            runTimer = clock.after(command.runTime(), () -> stopIfStill(runId));
        }
        state = RunState.SPAWNING;
        spawnStartedAtMillis = now;
        if (started) {
            events.publish(new RunEvent.Started(current));
        }
        distribute();
        return current;
    }

    /** Stops the active run; no-op otherwise. */
    public synchronized void stop() {
        if (!state.isActive()) {
            return;
        }
        RunClock.cancel(runTimer);
        state = RunState.STOPPING;
        int awaiting = shares.stop(current.id());
        log.info("Run {} stopping; waiting for the last report of {} worker(s)", current.id(), awaiting);
        if (awaiting == 0) {
            finishStop("no worker to wait for");
        } else {
            String runId = current.id();
            stopTimer = clock.after(properties.finalReportTimeout(), () -> finishStopIfStill(runId));
        }
    }

    /** Clears the stats of the current run (Locust's /stats/reset); the run goes on. */
    public void resetStats() {
        stats.reset(System.currentTimeMillis());
    }

    // ---- link events ----------------------------------------------------------------------

    @Override
    public synchronized void workerJoined(WorkerLink link) {
        if (state.isActive()) {
            log.info("Worker {} joined run {}: rebalancing", link, current.id());
            distribute();
        }
        publishWorkersChanged();
    }

    @Override
    public synchronized void workerLeft(WorkerLink link, String reason) {
        LoadShare share = shares.remove(link.id());
        boolean hadShare = share != null;
        if (current != null && (state.isActive() || state == RunState.STOPPING) && hadShare) {
            accountForLoss(link, reason, share);
        }
        if (state.isActive() && hadShare) {
            log.info("Worker {} left run {} ({}): redistributing its users", link, current.id(), reason);
            distribute(0); // the others take over at once: what the leaver left undone is due now
        }
        if (state == RunState.STOPPING && shares.settled(link.id())) {
            finishStop("the last worker left");
        }
        publishWorkersChanged();
    }

    /**
     * Decodes the report's histograms on the calling (link) thread, before taking the monitor:
     * decoding is most of a merge's cost, and under the monitor a thousand workers' reports would
     * queue behind one another (and behind the run clock) on one lock. Only the additions run
     * under it.
     */
    @Override
    public void statsReported(StatsReport report) {
        StatsAggregator.Decoded decoded;
        try {
            decoded = StatsAggregator.decode(report.delta());
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                if (current != null && current.id().equals(report.runId())) {
                    throw e; // as a merge of it would: the link logs it and the report is not counted
                }
            }
            return;
        }
        statsReported(report, decoded);
    }

    /** Only the additions, under the monitor: the link thread decoded the binary frame's histograms. */
    @Override
    public synchronized void statsReported(StatsReport report, StatsAggregator.Decoded decoded) {
        // Under the monitor, so a report can't slip into a run that started after its run id was checked.
        if (current == null || !current.id().equals(report.runId())) {
            log.debug("Dropped stats report of run {} from {}", report.runId(), report.workerId());
            return;
        }
        stats.merge(report, decoded);
        priceUnpricedLosses();
        if (report.last() && state == RunState.STOPPING && shares.settled(report.workerId())) {
            finishStop("every worker sent its last report");
        }
    }

    /**
     * A worker gone without its last report took the requests it completed since its previous
     * report with it (at most a report interval's worth): say how many, so the run's figures come
     * with their error bar instead of a silent gap.
     */
    private void accountForLoss(WorkerLink link, String reason, LoadShare share) {
        // A silent worker was last alive at its last frame; a closed connection is noticed at once.
        boolean silent = reason.contains("timeout");
        long diedAt = silent ? link.lastSeenMillis() : System.currentTimeMillis();
        RunStats.Unaccounted lost = stats.workerLost(link.id(), diedAt, silent, peerRate(share), share.weight());
        if (lost != null && lost.unpriced()) {
            log.warn("Run {}: worker {} left ({}) without its last report, {} ms after it, before any worker reported"
                    + " a pace: the request(s) that may be unaccounted for are estimated at its peers' pace once they"
                    + " report one", current.id(), link, reason, lost.windowMillis());
        } else if (lost != null) {
            log.warn("Run {}: worker {} left ({}) without its last report: about {} request(s) may be unaccounted for"
                            + " ({} req/s, its last report's or, if 0, its peers' pace, × {} ms since its last report)", current.id(), link,
                    reason, lost.requests(), String.format(java.util.Locale.ROOT, "%.1f", lost.requestsPerSecond()),
                    lost.windowMillis());
        }
    }

    /** Prices the losses of workers that died before anyone reported a pace, once the peers have one. */
    private void priceUnpricedLosses() {
        if (!stats.hasUnpricedLosses()) {
            return; // the usual case, kept free of work: this runs on every report
        }
        Map<String, Double> weights = new HashMap<>();
        for (LoadShare share : shares.shares().values()) {
            weights.put(share.workerId(), share.weight());
        }
        for (RunStats.PricedLoss priced : stats.priceUnpricedLosses(weights)) {
            RunStats.Unaccounted lost = priced.loss();
            log.warn("Run {}: worker {} (left before any worker reported a pace): about {} request(s) may be unaccounted"
                            + " for ({} req/s, its share at its peers' pace since, × {} ms since its last report)",
                    current.id(), priced.workerId(), lost.requests(),
                    String.format(java.util.Locale.ROOT, "%.1f", lost.requestsPerSecond()), lost.windowMillis());
        }
    }

    /**
     * The rate the share would have made at the pace of the workers that still have one: what a
     * worker killed before its first loaded report (early in a ramp) was doing.
     */
    private double peerRate(LoadShare lost) {
        double weight = 0;
        double rate = 0;
        for (LoadShare other : shares.shares().values()) {
            weight += other.weight();
            rate += stats.lastRate(other.workerId());
        }
        return weight > 0 ? rate * lost.weight() / weight : 0;
    }

    @Override
    public synchronized void shareLimited(ShareLimited limited) {
        if (current == null || !current.id().equals(limited.runId())) {
            return;
        }
        limitedShares.put(limited.workerId(), limited);
        log.warn("Run {}: {}", current.id(), GeneratorHealth.limited(limited));
    }

    /** The run's shares workers could not hold, the latest per worker. */
    public List<ShareLimited> limitedShares() {
        return List.copyOf(limitedShares.values());
    }

    /** Requests that workers which died without a last report may have made unreported (an estimate). */
    public long unaccountedRequests() {
        return stats.unaccountedRequests();
    }

    // ---- views ----------------------------------------------------------------------------

    /** The run's lifecycle as events; subscribe instead of polling. */
    public RunEvents events() {
        return events;
    }

    /** Requests of the current run merged from this worker since the run started or the stats were reset. */
    public long mergedRequests(String workerId) {
        return stats.mergedRequests(workerId);
    }

    public synchronized RunState state() {
        return state;
    }

    /** The current or last run; null before the first one. */
    /** The open model's arrival rate asked for now, across all workers; 0 for the closed model or no active run. */
    public synchronized double requestedRate() {
        return state.isActive() && rateClockStarted ? current.requestedRate(System.nanoTime()) : 0;
    }

    public synchronized Run currentRun() {
        return current;
    }

    public synchronized Map<String, LoadShare> shares() {
        return shares.shares();
    }

    /** Users alive across all workers, as their heartbeats say. */
    public int userCount() {
        int sum = 0;
        for (WorkerLink link : registry.active()) {
            sum += link.userCount();
        }
        return sum;
    }

    public WorkerRegistry registry() {
        return registry;
    }

    public StatsSnapshot snapshot() {
        return stats.snapshot(System.currentTimeMillis());
    }

    public StatsHistory history() {
        return stats.history();
    }

    /** The host a run gets when /swarm names none: --host, else the scenario's; may be null. */
    public String defaultHost() {
        return launchScenario.resolveHost(launchHost);
    }

    public ScenarioSource launchScenario() {
        return launchScenario;
    }

    /** Completes when the current run reaches stopped (a new future per run); see also {@link RunEvent.Stopped}. */
    public synchronized CompletableFuture<Run> completion() {
        return completion;
    }

    /** Why the current (or last) run failed before its users started, e.g. {@code setup: ...}; null when it did not. */
    public synchronized String runError() {
        return runError;
    }

    /** The variables every StartLoad of the current run carries (setup's extractions included). */
    public synchronized Map<String, String> runVariables() {
        return runVariables;
    }

    public synchronized long stoppedAtMillis() {
        return stoppedAtMillis;
    }

    // ---- internals ------------------------------------------------------------------------

    private void distribute() {
        distribute(LoadDistributor.HANDOVER_LEAD_NANOS);
    }

    /** @param leadNanos how far ahead new rate slices take effect (see {@link LoadDistributor#HANDOVER_LEAD_NANOS}) */
    private void distribute(long leadNanos) {
        if (awaitingSetup) {
            return; // users start once setup delivered its variables (setupFinished distributes)
        }
        if (current.load() instanceof LoadModel.Open && !rateClockStarted && !registry.active().isEmpty()) {
            // The schedule starts when the first slices can be delivered (after setup, with a worker),
            // a little ahead so every worker has its slice before the first iteration is due.
            current = current.withClockAt(System.nanoTime() + LoadDistributor.HANDOVER_LEAD_NANOS);
            rateClockStarted = true;
        }
        shares.distribute(current, runVariables, leadNanos);
        if (shares.isEmpty()) {
            log.warn("Run {} has no worker yet: users start when workers connect", current.id());
        }
    }

    private void publishWorkersChanged() {
        List<String> connected = registry.active().stream().map(WorkerLink::id).toList();
        events.publish(new RunEvent.WorkersChanged(current, connected, shares.shares()));
    }

    /** The run clock: spawning → running, a history sample while a run is on, and the tick event. */
    private void tick() {
        try {
            Run run;
            RunState now;
            String error;
            synchronized (this) {
                if (state.isActive() && rateClockStarted && LoadChange.profileEnded(current, System.nanoTime())) {
                    log.info("Run {} reached the end of its rate profile", current.id());
                    stop();
                }
                if (state == RunState.SPAWNING && spawnDone()) {
                    state = RunState.RUNNING;
                    log.info("Run {} running: {} users", current.id(), userCount());
                }
                run = current;
                now = state;
                error = runError;
            }
            long nowMillis = System.currentTimeMillis();
            StatsSnapshot snapshot = stats.snapshot(nowMillis);
            WorkerRegistry.Listing workers = registry.listing();
            RunStatusView status = RunReports.status(now, workers, requestedRate(), stats.unaccountedRequests(),
                    limitedShares());
            if (run != null && now != RunState.READY && now != RunState.STOPPED) {
                stats.sample(snapshot, status.userCount());
            }
            events.publish(new RunEvent.Tick(nowMillis, run, now, snapshot, status, error, workers));
        } catch (RuntimeException e) {
            log.error("Run clock tick failed", e);
        }
    }

    /** Spawning is over when the workers report every user alive, or well after it should be. */
    private boolean spawnDone() {
        if (shares.isEmpty()) {
            return false;
        }
        if (current.load() instanceof LoadModel.Open) {
            return true; // no users to ramp: the rate profile is the ramp
        }
        if (userCount() >= current.users()) {
            return true;
        }
        double seconds = current.spawnRate() > 0 ? current.users() / current.spawnRate() : 0;
        long expectedEnd = spawnStartedAtMillis + (long) (seconds * 1000) + 2 * properties.heartbeatInterval().toMillis();
        return System.currentTimeMillis() > expectedEnd;
    }

    private synchronized void stopIfStill(String runId) {
        if (current != null && current.id().equals(runId) && state.isActive()) {
            log.info("Run {} reached its run time {}", runId, current.runTime());
            stop();
        }
    }

    private synchronized void finishStopIfStill(String runId) {
        if (state == RunState.STOPPING && current.id().equals(runId)) {
            log.warn("Run {}: no last report from {} within {}; finishing without it", runId, shares.awaiting(),
                    properties.finalReportTimeout());
            finishStop("final report timeout");
        }
    }

    private void finishStop(String why) {
        RunClock.cancel(stopTimer);
        shares.clear();
        state = RunState.STOPPED;
        stoppedAtMillis = System.currentTimeMillis();
        stats.sample(stoppedAtMillis, 0);
        log.info("Run {} stopped ({})", current.id(), why);
        Run stopped = current;
        long stoppedAt = stoppedAtMillis;
        String error = runError;
        CompletableFuture<Run> done = completion;
        setupTeardown.finish(stopped, runVariables).whenComplete((tornDown, ignored) -> {
            if (Boolean.TRUE.equals(tornDown)) {
                stats.sample(System.currentTimeMillis(), 0); // with the teardown's requests
            }
            RunResults results = RunReports.results(this, stopped, RunState.STOPPED, stoppedAt, error);
            done.complete(stopped);
            events.publish(new RunEvent.Stopped(stopped, results));
        });
    }

    private synchronized void setupFinished(String runId, SetupTeardown.SetupResult result) {
        if (current == null || !current.id().equals(runId)) {
            return;
        }
        awaitingSetup = false;
        if (result.variables() != null) {
            runVariables = result.variables();
            log.info("Run {}: setup done, variables {}", runId, runVariables.keySet());
            if (state.isActive()) {
                distribute();
            }
            return;
        }
        runError = "setup: " + result.failure();
        log.error("Run {}: {}; no user starts", runId, runError);
        if (state.isActive()) {
            RunClock.cancel(runTimer);
            finishStop("setup failed");
        }
    }

    /** Setup's and teardown's own requests count in their run's stats, if it is still the current one. */
    private synchronized void mergeOwn(String runId, StatsDelta delta) {
        if (current != null && current.id().equals(runId)) {
            stats.mergeOwn(delta);
        }
    }

    private static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        clock.close();
        setupTeardown.close();
        events.close();
    }
}
