package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.link.ExactlyOnceReports;
import io.stampede.coordinator.link.LinkListener;
import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StopLoad;
import io.stampede.core.scenario.Step;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.coordinator.report.StatsHistory;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.core.stats.StatsSnapshot;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.StepsOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run state machine (ready → spawning → running → stopping → stopped) and the
 * distribution of load across the connected workers. Every transition happens under this
 * object's monitor; sending is non-blocking, so holding it is cheap.
 *
 * <p>Distribution rules: users and spawn rate are divided by {@link LoadDistribution} over the
 * workers in join order; whenever that set changes during a run (a worker joins, leaves or
 * times out) or the user edits the run, every worker gets a new StartLoad with its share.
 *
 * <p>Stats: every StatsReport of the current run is merged exactly once per (worker, sequence);
 * reports of other runs are dropped. Reports of a worker that already left still count, so a
 * worker leaving after its last report loses nothing.
 *
 * <p>Setup and teardown: a scenario's {@code setup} runs exactly once per run, here, on an
 * engine this coordinator owns, before any StartLoad is sent; its extracted variables travel in
 * every StartLoad (rebalances and late joiners included). A failed setup ends the run at once
 * ({@link #runError()}) and no user starts. {@code teardown} runs once after the run stopped,
 * with the setup variables; {@link #completion()} completes only after it and the engine's
 * cleanup of the run ({@link LoadEngine#runFinished(String)}). Their requests are merged into the
 * run's stats under the pseudo-worker {@value #COORDINATOR_WORKER_ID}.
 */
public final class RunCoordinator implements LinkListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);

    private final WorkerRegistry registry;
    private final CoordinatorProperties properties;
    private final ScenarioSource launchScenario;
    private final String launchHost;
    private final StatsAggregator aggregator = new StatsAggregator();
    private final ExactlyOnceReports delivered = new ExactlyOnceReports();
    private final StatsHistory history = new StatsHistory();
    private final ScheduledExecutorService clock;

    private RunState state = RunState.READY;
    private Run current;
    private long spawnStartedAtMillis;
    private long stoppedAtMillis;
    private final Map<String, LoadShare> shares = new LinkedHashMap<>();
    private final Set<String> awaitingLastReport = new HashSet<>();
    /** Requests merged per worker in the current run (cleared with the stats). */
    private final Map<String, Long> mergedRequests = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledFuture<?> runTimer;
    private ScheduledFuture<?> stopTimer;
    private CompletableFuture<Run> completion = new CompletableFuture<>();

    /** Stats rows of setup/teardown requests are merged under this worker id. */
    public static final String COORDINATOR_WORKER_ID = "coordinator";
    /** Runs setup/teardown; created on the first run that has one, closed with this coordinator. */
    private LoadEngine engine;
    /** The current run's setup: null when it has none; its variables when it succeeded. */
    private CompletableFuture<StepsOutcome> setup;
    /** What every StartLoad of the current run carries: scenario variables plus setup's extractions. */
    private Map<String, String> runVariables = Map.of();
    /** Why the current run failed before its users started (e.g. its setup); null otherwise. */
    private String runError;
    private long coordinatorSequence;
    /** True from a run's start until its setup finished: no StartLoad goes out meanwhile. */
    private boolean awaitingSetup;

    public RunCoordinator(WorkerRegistry registry, CoordinatorProperties properties, ScenarioSource launchScenario,
                          String launchHost) {
        this.registry = registry;
        this.properties = properties;
        this.launchScenario = launchScenario;
        this.launchHost = launchHost;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stampede-run-clock");
            t.setDaemon(true);
            return t;
        });
        clock.scheduleAtFixedRate(this::tick, 1000, 1000, TimeUnit.MILLISECONDS);
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
        if (state.isActive()) {
            current = current.withLoad(command.users(), command.spawnRate());
            log.info("Run {} changed: {} users at {}/s", current.id(), command.users(), command.spawnRate());
        } else {
            if (state == RunState.STOPPING) {
                finishStop("a new run was started");
            }
            String host = command.host() != null && !command.host().isBlank()
                    ? command.host() : scenario.resolveHost(launchHost);
            current = new Run(newRunId(), scenario, host, command.users(), command.spawnRate(), null, now);
            aggregator.reset(now);
            history.clear();
            mergedRequests.clear();
            completion = new CompletableFuture<>();
            runError = null;
            runVariables = scenario.scenario().variables();
            setup = null;
            awaitingSetup = false;
            if (!scenario.scenario().setup().isEmpty()) {
                startSetup(current);
            }
            log.info("Run {} started: {} users at {}/s on {} with {} worker(s)", current.id(), command.users(),
                    command.spawnRate(), host, registry.size());
        }
        if (command.runTime() != null) {
            current = current.withRunTime(command.runTime());
            if (runTimer != null) {
                runTimer.cancel(false);
            }
            String runId = current.id();
            runTimer = clock.schedule(() -> stopIfStill(runId), command.runTime().toMillis(), TimeUnit.MILLISECONDS);
        }
        state = RunState.SPAWNING;
        spawnStartedAtMillis = now;
        distribute();
        return current;
    }

    /** Stops the active run; no-op otherwise. */
    public synchronized void stop() {
        if (!state.isActive()) {
            return;
        }
        cancel(runTimer);
        state = RunState.STOPPING;
        Set<String> participants = new HashSet<>(shares.keySet());
        shares.clear();
        StopLoad stopLoad = new StopLoad(current.id());
        for (WorkerLink link : registry.active()) {
            if (participants.contains(link.id()) && link.send(stopLoad)) {
                awaitingLastReport.add(link.id());
            }
        }
        log.info("Run {} stopping; waiting for the last report of {} worker(s)", current.id(),
                awaitingLastReport.size());
        if (awaitingLastReport.isEmpty()) {
            finishStop("no worker to wait for");
        } else {
            String runId = current.id();
            stopTimer = clock.schedule(() -> finishStopIfStill(runId), properties.finalReportTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Clears the stats of the current run (Locust's /stats/reset); the run goes on. */
    public void resetStats() {
        long now = System.currentTimeMillis();
        aggregator.reset(now);
        history.clear();
        mergedRequests.clear();
    }

    // ---- link events ----------------------------------------------------------------------

    @Override
    public synchronized void workerJoined(WorkerLink link) {
        if (state.isActive()) {
            log.info("Worker {} joined run {}: rebalancing", link, current.id());
            distribute();
        }
    }

    @Override
    public synchronized void workerLeft(WorkerLink link, String reason) {
        boolean hadShare = shares.remove(link.id()) != null;
        if (state.isActive() && hadShare) {
            log.info("Worker {} left run {} ({}): redistributing its users", link, current.id(), reason);
            distribute();
        }
        if (state == RunState.STOPPING && awaitingLastReport.remove(link.id()) && awaitingLastReport.isEmpty()) {
            finishStop("the last worker left");
        }
    }

    @Override
    public synchronized void statsReported(StatsReport report) {
        // Under the monitor, so a report can't slip into a run that started after its run id was checked.
        if (current == null || !current.id().equals(report.runId())) {
            log.debug("Dropped stats report of run {} from {}", report.runId(), report.workerId());
            return;
        }
        // Workers number reports per run: dedup per (worker, run), or a second run's reports are dropped.
        if (delivered.deliver(report, aggregator::merge)) {
            long requests = 0;
            for (var entry : report.delta().entries()) {
                requests += entry.numRequests();
            }
            mergedRequests.merge(report.workerId(), requests, Long::sum);
        }
        if (report.last() && state == RunState.STOPPING && awaitingLastReport.remove(report.workerId())
                && awaitingLastReport.isEmpty()) {
            finishStop("every worker sent its last report");
        }
    }

    // ---- views ----------------------------------------------------------------------------

    /** Requests of the current run merged from this worker since the run started or the stats were reset. */
    public long mergedRequests(String workerId) {
        return mergedRequests.getOrDefault(workerId, 0L);
    }

    public synchronized RunState state() {
        return state;
    }

    /** The current or last run; null before the first one. */
    public synchronized Run currentRun() {
        return current;
    }

    public synchronized Map<String, LoadShare> shares() {
        return Map.copyOf(shares);
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
        return aggregator.snapshot(System.currentTimeMillis());
    }

    public StatsHistory history() {
        return history;
    }

    /** The host a run gets when /swarm names none: --host, else the scenario's; may be null. */
    public String defaultHost() {
        return launchScenario.resolveHost(launchHost);
    }

    public ScenarioSource launchScenario() {
        return launchScenario;
    }

    /** Completes when the current run reaches stopped (a new future per run). */
    public synchronized CompletableFuture<Run> completion() {
        return completion;
    }

    // ---- internals ------------------------------------------------------------------------

    private void distribute() {
        if (awaitingSetup) {
            return; // users start once setup delivered its variables (setupFinished distributes)
        }
        List<WorkerLink> workers = registry.active();
        List<String> ids = new ArrayList<>(workers.size());
        for (WorkerLink link : workers) {
            ids.add(link.id());
        }
        List<LoadShare> divided = LoadDistribution.divide(current.users(), current.spawnRate(), ids);
        shares.clear();
        for (int i = 0; i < workers.size(); i++) {
            LoadShare share = divided.get(i);
            shares.put(share.workerId(), share);
            workers.get(i).send(new StartLoad(current.id(), current.scenario().yaml(), current.scenario().name(),
                    current.host(), share.users(), share.spawnRate(), share.workerIndex(), share.workerCount(),
                    share.userIdOffset(), runVariables, current.scenario().attachments()));
        }
        if (workers.isEmpty()) {
            log.warn("Run {} has no worker yet: users start when workers connect", current.id());
        }
    }

    private void tick() {
        try {
            synchronized (this) {
                if (state == RunState.SPAWNING && spawnDone()) {
                    state = RunState.RUNNING;
                    log.info("Run {} running: {} users", current.id(), userCount());
                }
                if (current == null || state == RunState.READY || state == RunState.STOPPED) {
                    return;
                }
            }
            history.sample(aggregator.snapshot(System.currentTimeMillis()), userCount());
        } catch (RuntimeException e) {
            log.error("Run clock tick failed", e);
        }
    }

    /** Spawning is over when the workers report every user alive, or well after it should be. */
    private boolean spawnDone() {
        if (shares.isEmpty()) {
            return false;
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
            log.warn("Run {}: no last report from {} within {}; finishing without it", runId, awaitingLastReport,
                    properties.finalReportTimeout());
            finishStop("final report timeout");
        }
    }

    private void finishStop(String why) {
        cancel(stopTimer);
        awaitingLastReport.clear();
        state = RunState.STOPPED;
        stoppedAtMillis = System.currentTimeMillis();
        history.sample(aggregator.snapshot(stoppedAtMillis), 0);
        log.info("Run {} stopped ({})", current.id(), why);
        Run stopped = current;
        CompletableFuture<Run> done = completion;
        if (engine == null) {
            done.complete(stopped); // no setup/teardown ever ran: nothing to tear down or clean up
            return;
        }
        LoadEngine owned = engine;
        CompletableFuture<StepsOutcome> runSetup = setup;
        CompletableFuture<Map<String, String>> variables = runSetup == null
                ? CompletableFuture.completedFuture(runVariables)
                : runSetup.handle((outcome, error) -> outcome != null && outcome.success() ? outcome.variables() : null);
        List<Step> teardown = stopped.scenario().scenario().teardown();
        variables.thenCompose(vars -> vars == null || teardown.isEmpty()
                        ? CompletableFuture.<StepsOutcome>completedFuture(null)
                        : runSteps(stopped, "teardown", teardown, vars))
                .handle((outcome, error) -> {
                    if (error != null || (outcome != null && !outcome.success())) {
                        log.warn("Run {}: teardown failed: {}", stopped.id(), error != null ? error.toString() : "a step failed");
                    }
                    return null;
                })
                // runFinished blocks while Kubernetes objects are deleted: not on an event loop.
                .thenRunAsync(() -> owned.runFinished(stopped.id()), Thread.ofVirtual().name("run-finished")::start)
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        log.warn("Run {}: cleanup failed", stopped.id(), error);
                    }
                    history.sample(aggregator.snapshot(System.currentTimeMillis()), 0);
                    done.complete(stopped);
                });
    }

    /** Runs the scenario's setup off the caller's thread; {@link #setupFinished} takes it from there. */
    private void startSetup(Run run) {
        CompletableFuture<StepsOutcome> outcome;
        try {
            outcome = runSteps(run, "setup", run.scenario().scenario().setup(), Map.of());
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        setup = outcome;
        awaitingSetup = true;
        // On the run clock, never inline: swarm() still holds the monitor and sets the state after this.
        outcome.whenCompleteAsync((result, error) -> setupFinished(run.id(), result, error), clock);
    }

    private synchronized void setupFinished(String runId, StepsOutcome outcome, Throwable error) {
        if (current == null || !current.id().equals(runId)) {
            return;
        }
        awaitingSetup = false;
        if (outcome != null && outcome.success()) {
            Map<String, String> merged = new LinkedHashMap<>(current.scenario().scenario().variables());
            merged.putAll(outcome.variables());
            runVariables = Map.copyOf(merged);
            log.info("Run {}: setup done, variables {}", runId, runVariables.keySet());
            if (state.isActive()) {
                distribute();
            }
            return;
        }
        String reason = error != null ? rootMessage(error) : lastSetupError.get() != null ? lastSetupError.get() : "a step failed";
        runError = "setup: " + reason;
        log.error("Run {}: {}; no user starts", runId, runError);
        if (state.isActive()) {
            cancel(runTimer);
            shares.clear();
            finishStop("setup failed");
        }
    }

    private final AtomicReference<String> lastSetupError = new AtomicReference<>();

    /**
     * Runs steps once on the coordinator's engine, recording into the run's stats. The future
     * completes after the stats are merged.
     */
    private synchronized CompletableFuture<StepsOutcome> runSteps(Run run, String block, List<Step> steps,
                                                                  Map<String, String> variables) {
        if (engine == null) {
            engine = new LoadEngine(new EngineSettings(1, 64, null, null, properties.insecureTls()));
        }
        StatsRecorder stats = new StatsRecorder();
        if (block.equals("setup")) {
            lastSetupError.set(null);
        }
        Map<String, String> runScoped = new LinkedHashMap<>(variables);
        runScoped.put(io.stampede.engine.k8s.K8sStepExecutor.RUN_ID_VARIABLE, run.id());
        RunSpec spec = new RunSpec(run.scenario().scenario(), run.host(), 0, runScoped);
        long sequence = ++coordinatorSequence;
        return engine.runOnce(spec, steps, (method, name, micros, length, error) -> {
            stats.record(method, name, micros, length, error);
            if (error != null && block.equals("setup")) {
                lastSetupError.compareAndSet(null, method + " " + name + ": " + error);
            }
        }).whenComplete((outcome, error) -> {
            synchronized (this) {
                if (current != null && current.id().equals(run.id())) {
                    delivered.deliver(COORDINATOR_WORKER_ID, run.id(), sequence, stats.drain(), aggregator::merge);
                }
            }
        });
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
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

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        LoadEngine owned;
        synchronized (this) {
            owned = engine;
            engine = null;
        }
        if (owned != null) {
            owned.close();
        }
    }
}
