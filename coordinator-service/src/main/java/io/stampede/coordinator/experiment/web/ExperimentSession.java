package io.stampede.coordinator.experiment.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.ExperimentProgress;
import io.stampede.coordinator.experiment.ExperimentRunner;
import io.stampede.coordinator.experiment.RecordedRun;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.suite.FixedRateTest;
import io.stampede.coordinator.experiment.suite.SearchTest;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite the UI started: one at a time, run by an {@link ExperimentRunner} on the
 * coordinator's own run state machine in a background thread, so the page can follow it and
 * stop it. What was recorded stays when it is stopped.
 */
public final class ExperimentSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperimentSession.class);
    /** How long closing the coordinator waits for a stopped suite to record its run. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final RunCoordinator run;
    private final ResultsStore store;

    private Thread thread;
    private ExperimentRunner runner;
    private Suite suite;
    private LogLines logLines;
    private long startedAtMillis;
    private long finishedAtMillis;
    private ExperimentRunner.Outcome outcome;
    private String error;

    public ExperimentSession(RunCoordinator run, ResultsStore store) {
        this.run = run;
        this.store = store;
    }

    public ResultsStore store() {
        return store;
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
        runner = new ExperimentRunner(run, store, prometheus, logLines.printStream());
        startedAtMillis = System.currentTimeMillis();
        finishedAtMillis = 0;
        outcome = null;
        error = null;
        ExperimentRunner started = runner;
        thread = Thread.ofPlatform().daemon().name("experiment-" + newSuite.name()).start(() -> execute(started, newSuite));
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
        return true;
    }

    private void execute(ExperimentRunner suiteRunner, Suite suiteToRun) {
        ExperimentRunner.Outcome result = null;
        String failure = null;
        try {
            result = suiteRunner.run(suiteToRun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (RuntimeException e) {
            log.warn("Suite {} failed", suiteToRun.name(), e);
            failure = e.toString();
        }
        synchronized (this) {
            outcome = result;
            error = failure;
            finishedAtMillis = System.currentTimeMillis();
        }
        log.info("Suite {} finished: {}", suiteToRun.name(), failure != null ? failure
                : result.runs().size() + " run(s) recorded, exit code " + result.exitCode());
    }

    /** The suite's state for the page: {@code {"suite": null}} before the first one. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean active = thread != null && thread.isAlive();
        body.put("active", active);
        body.put("results", store.location());
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
        body.put("phase", progress == null ? "starting" : progress.phase().name().toLowerCase(java.util.Locale.ROOT));
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
        body.put("log", logLines.lines());
        return body;
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
    }

    /** A suite or a run is active: 409. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }
}
