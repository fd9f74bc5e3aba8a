package io.stampede.coordinator.experiment.web;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.stampede.coordinator.experiment.ExperimentProgress;
import io.stampede.coordinator.experiment.ExperimentRunner;
import io.stampede.coordinator.experiment.RecordedRun;
import io.stampede.coordinator.experiment.TopologySettings;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.results.FallbackResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStores;
import io.stampede.coordinator.experiment.suite.FixedRateTest;
import io.stampede.coordinator.experiment.suite.SearchTest;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.topology.Topology;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite the UI started: one at a time, run by an {@link ExperimentRunner} on the
 * coordinator's own run state machine in a background thread, so the page can follow it and
 * stop it. What was recorded stays when it is stopped. With a {@link TopologySettings} that
 * deploys, a suite's {@code backends_map} is brought up before its first run (as
 * {@code experiment run --topology} does) and removed after its last, after a failure, on stop
 * and on shutdown.
 */
public final class ExperimentSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperimentSession.class);
    /** How long closing the coordinator waits for a stopped suite to record its run. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** The store's failures shown per suite: the first ones, the rest counted. */
    static final int SHOWN_FAILURES = 20;

    private final RunCoordinator run;
    private final ResultsStore store;
    private final TopologySettings topologySettings;
    private final Function<TopologySettings, Topology> topologies;
    /** The suite's deployed (or deploying) topology; whoever takes it out closes it. */
    private final AtomicReference<Topology> topology = new AtomicReference<>();

    private Thread thread;
    private volatile boolean deploying;
    private long failuresBefore;
    private ExperimentRunner runner;
    private Suite suite;
    private LogLines logLines;
    private long startedAtMillis;
    private long finishedAtMillis;
    private ExperimentRunner.Outcome outcome;
    private String error;

    /** Suites with a backends_map are refused (see {@link #deploysTopology()}). */
    public ExperimentSession(RunCoordinator run, ResultsStore store) {
        this(run, store, TopologySettings.OFF);
    }

    public ExperimentSession(RunCoordinator run, ResultsStore store, TopologySettings topologySettings) {
        this(run, store, topologySettings, TopologySettings::create);
    }

    /** @param topologies makes the topology of each suite with a backends_map (tests: one of their own) */
    ExperimentSession(RunCoordinator run, ResultsStore store, TopologySettings topologySettings,
                      Function<TopologySettings, Topology> topologies) {
        this.run = run;
        this.store = store;
        this.topologySettings = topologySettings;
        this.topologies = topologies;
    }

    public ResultsStore store() {
        return store;
    }

    /** Whether suites' backends_map are deployed; without, a suite that has one is refused. */
    public TopologySettings topologySettings() {
        return topologySettings;
    }

    /**
     * Starts the suite in the background.
     *
     * @param prometheus where its metrics are queried (checked reachable by the caller); null without metrics
     * @throws Busy when a suite or a run is active
     */
    public synchronized void start(Suite newSuite, PrometheusClient prometheus) {
        String busy = busyReason();
        if (busy != null) {
            throw new Busy(busy);
        }
        suite = newSuite;
        logLines = new LogLines();
        PrintStream out = logLines.printStream();
        runner = new ExperimentRunner(run, store, prometheus, out);
        startedAtMillis = System.currentTimeMillis();
        finishedAtMillis = 0;
        outcome = null;
        error = null;
        failuresBefore = ResultsStores.failureCount(store);
        deploying = topologySettings.deploys() && newSuite.backendsMap() != null;
        ExperimentRunner started = runner;
        thread = Thread.ofPlatform().daemon().name("experiment-" + newSuite.name()).start(() -> execute(started, newSuite, out));
        log.info("Suite {} started from the UI: {} run(s), results in {}", newSuite.name(), newSuite.runCount(), store.location());
    }

    /** Why nothing can start now, or null when something can. */
    public synchronized String busyReason() {
        if (thread != null && thread.isAlive()) {
            return "suite: suite '" + suite.name() + "' is under way; stop it first (POST /api/experiments/stop)";
        }
        if (run.state().isActive()) {
            return "run: a run is active; stop it first (GET /stop)";
        }
        return null;
    }

    /** Stops the run under way (it is recorded) and skips the rest; false when no suite is under way. */
    public boolean stop() {
        ExperimentRunner current;
        synchronized (this) {
            if (thread == null || !thread.isAlive()) {
                return false;
            }
            current = runner;
        }
        log.info("Suite {} stopped from the UI", suite.name());
        current.stop();
        if (deploying) {
            // Deploying can take minutes (pods pulling images): removing what is there ends it.
            closeTopology();
        }
        return true;
    }

    private void execute(ExperimentRunner suiteRunner, Suite suiteToRun, PrintStream out) {
        ExperimentRunner.Outcome result = null;
        String failure = null;
        try {
            Suite aimed = deploying ? deployTopology(suiteToRun, out) : suiteToRun;
            result = suiteRunner.run(aimed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (TopologyFailed e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            log.warn("Suite {} failed", suiteToRun.name(), e);
            failure = e.toString();
        } finally {
            deploying = false;
            closeTopology();
        }
        synchronized (this) {
            outcome = result;
            error = failure;
            finishedAtMillis = System.currentTimeMillis();
        }
        log.info("Suite {} finished: {}", suiteToRun.name(), failure != null ? failure
                : result.runs().size() + " run(s) recorded, exit code " + result.exitCode());
    }

    /** Brings up the suite's backends_map; the suite aimed at its entry node. Stopped meanwhile: nothing runs. */
    private Suite deployTopology(Suite suiteToRun, PrintStream out) {
        Topology created;
        try {
            created = topologies.apply(topologySettings);
        } catch (RuntimeException e) {
            throw new TopologyFailed("topology " + topologySettings.kind() + ": cannot create it: " + e.getMessage()
                    + "; nothing was run");
        }
        topology.set(created);
        try {
            Suite aimed = topologySettings.deploy(suiteToRun, created, out);
            deploying = false;
            if (topology.get() == null) {
                throw new TopologyFailed("topology " + topologySettings.kind() + ": the suite was stopped while it was deployed; nothing was run");
            }
            return aimed;
        } catch (TopologyFailed e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boolean stopped = topology.get() == null;
            log.warn("Suite {}: deploying its backends_map failed", suiteToRun.name(), e);
            throw new TopologyFailed("topology " + topologySettings.kind() + ": " + (stopped
                    ? "the suite was stopped while it was deployed" : "deploying backends_map failed: " + e) + "; nothing was run");
        }
    }

    /** Removes the suite's topology, once, whoever gets here first (the suite's end, stop, shutdown). */
    private void closeTopology() {
        Topology deployed = topology.getAndSet(null);
        if (deployed != null) {
            try {
                deployed.close();
                log.info("Suite topology removed");
            } catch (RuntimeException e) {
                log.warn("Removing the suite's topology failed", e);
            }
        }
    }

    /** The suite's state for the page: {@code {"suite": null}} before the first one. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean active = thread != null && thread.isAlive();
        body.put("active", active);
        body.put("results", store.location());
        body.put("topology", topologySettings.kind());
        if (suite == null) {
            body.put("suite", null);
            return body;
        }
        ExperimentProgress progress = runner.progress();
        long now = active ? System.currentTimeMillis() : finishedAtMillis;
        body.put("suite", suite.name());
        body.put("run", progress == null ? 0 : progress.run());
        body.put("runs", suite.runCount());
        body.put("test_name", progress == null ? null : progress.testName());
        body.put("phase", progress == null ? (deploying ? "deploying_topology" : "starting")
                : progress.phase().name().toLowerCase(java.util.Locale.ROOT));
        body.put("started_at", startedAtMillis);
        body.put("elapsed_seconds", Math.max(0, now - startedAtMillis) / 1000.0);
        body.put("expected_seconds", expectedSeconds(suite));
        Run current = run.currentRun();
        boolean runOfSuite = active && current != null && current.startedAtMillis() >= startedAtMillis;
        body.put("run_id", runOfSuite ? current.id() : null);
        body.put("run_state", runOfSuite ? run.state().wireName() : null);
        body.put("run_elapsed_seconds", runOfSuite ? Math.max(0, now - current.startedAtMillis()) / 1000.0 : null);
        body.put("run_duration_seconds", runOfSuite && progress != null ? testDuration(suite, progress.testName()) : null);
        body.put("finished_at", active ? null : finishedAtMillis);
        body.put("exit_code", outcome == null ? null : outcome.exitCode());
        body.put("stopped", outcome != null && outcome.stopped());
        body.put("error", error);
        body.put("recorded", outcome == null ? List.of() : outcome.runs().stream().map(ExperimentSession::recorded).toList());
        body.put("store_failures", storeFailures());
        body.put("log", logLines.lines());
        return body;
    }

    /**
     * What the results store refused since this suite started, kept in the fallback directory
     * (the CLI's summary after a suite, as the page shows it); null when nothing failed.
     */
    private Map<String, Object> storeFailures() {
        long count = ResultsStores.failureCount(store) - failuresBefore;
        if (count <= 0) {
            return null;
        }
        List<FallbackResultsStore.Failure> kept = ResultsStores.failures(store);
        List<FallbackResultsStore.Failure> since = kept.subList((int) Math.max(0, kept.size() - count), kept.size());
        Map<String, Object> failures = new LinkedHashMap<>();
        failures.put("count", count);
        failures.put("kept_in", ResultsStores.fallbackLocation(store));
        failures.put("message", count + " results operation(s) on " + store.location() + " failed; every file it refused is kept in "
                + ResultsStores.fallbackLocation(store) + " (same layout: copy it over once the store works again)");
        failures.put("failures", since.stream().limit(SHOWN_FAILURES).map(FallbackResultsStore.Failure::toString).toList());
        return failures;
    }

    /** Every run, warm-up and cool-down of the suite end to end: what a progress bar fills towards. */
    static double expectedSeconds(Suite suite) {
        Duration total = Duration.ZERO;
        for (var entry : suite.entries()) {
            switch (entry) {
                case FixedRateTest test -> {
                    if (test.warmUp().isPositive()) {
                        total = total.plus(test.warmUp()).plus(test.coolDown());
                    }
                    total = total.plus(test.duration().plus(test.coolDown()).multipliedBy(test.repeats()));
                }
                // The step count is only known as the search goes: its budget is the upper bound.
                case SearchTest search -> total = total.plus(search.plan().warmUp())
                        .plus(search.plan().hold().plus(search.coolDown()).multipliedBy(search.plan().maxProbes()));
            }
        }
        return total.toMillis() / 1000.0;
    }

    private static Double testDuration(Suite suite, String testName) {
        return suite.entries().stream()
                .map(entry -> switch (entry) {
                    case FixedRateTest test when test.testName().equals(testName) -> test.duration();
                    case SearchTest search when search.testName().equals(testName) -> search.plan().hold();
                    default -> null;
                })
                .filter(java.util.Objects::nonNull)
                .map(duration -> duration.toMillis() / 1000.0)
                .findFirst().orElse(null);
    }

    private static Map<String, Object> recorded(RecordedRun recorded) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("test_name", recorded.testName());
        row.put("repeat", recorded.repeat());
        row.put("directory", recorded.directory());
        row.put("exit_code", recorded.exitCode());
        row.put("metric_errors", recorded.metricErrors());
        return row;
    }

    /** On shutdown: the run under way is stopped and recorded, the rest skipped. */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (stop() && running != null) {
            running.join(CLOSE_WAIT);
        }
        // The suite's thread removes it; if it has not finished recording by now, shutdown still does.
        closeTopology();
    }

    /** Deploying the suite's topology failed (or it was stopped meanwhile): the suite's error, nothing was run. */
    private static final class TopologyFailed extends RuntimeException {
        TopologyFailed(String message) {
            super(message);
        }
    }

    /** A suite or a run is active: 409. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }
}
