package io.stampede.coordinator.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.stampede.coordinator.experiment.ExperimentProgress.Phase;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.capture.PrometheusClient.QueryResult;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.search.CapacitySearch;
import io.stampede.coordinator.experiment.search.CoordinatorRateProbe;
import io.stampede.coordinator.experiment.search.ProbePoint;
import io.stampede.coordinator.experiment.search.SearchResult;
import io.stampede.coordinator.experiment.suite.FixedRateTest;
import io.stampede.coordinator.experiment.suite.SearchTest;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteEntry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.run.ThresholdCheck;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.Rate;
import io.stampede.core.load.RateShape;
import io.stampede.core.stats.StatsSnapshot;
import reactor.core.Disposable;

/**
 * Runs a suite's tests one after another through the coordinator's own run state machine (as
 * a headless run does), captures the suite's PromQL over each recorded run and stores each
 * run's results. A capacity search ({@link SearchTest}) runs its steps through
 * {@link CoordinatorRateProbe}, each recorded like a run, and writes its knee chart. One suite
 * per instance; {@link #stop()} ends the run under way and skips the rest, keeping what was recorded.
 */
public final class ExperimentRunner {

    /** Exit codes as a headless run's (contract). */
    public static final int EXIT_PASSED = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_SETUP = 2;
    /** Beyond its duration, how long a run may take to reach stopped (the workers' last reports, teardown). */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(60);

    private final RunCoordinator run;
    private final ResultsStore store;
    private final PrometheusClient prometheus;
    private final PrintStream out;
    private final Map<String, CompletableFuture<RunEvent.Stopped>> stoppedRuns = new ConcurrentHashMap<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Set<String> usedDirectories = new HashSet<>();
    private volatile ExperimentProgress progress;
    private volatile boolean stopped;

    /**
     * @param prometheus where metrics are queried; null when the suite has none
     * @param out        one line per phase and run
     */
    public ExperimentRunner(RunCoordinator run, ResultsStore store, PrometheusClient prometheus, PrintStream out) {
        this.run = run;
        this.store = store;
        this.prometheus = prometheus;
        this.out = out;
    }

    public ExperimentProgress progress() {
        return progress;
    }

    /** Stops the run under way (its results are still recorded) and skips the rest of the suite. */
    public void stop() {
        stopped = true;
        stopSignal.countDown();
        run.stop();
    }

    /**
     * Runs every test of the suite in order.
     *
     * @return the runs recorded and the exit code: 0 all passed, 1 one failed, 2 results could not be stored
     */
    public Outcome run(Suite suite) throws InterruptedException {
        if (!suite.metrics().isEmpty() && prometheus == null) {
            throw new IllegalArgumentException("the suite has metrics but no Prometheus to query them");
        }
        List<RecordedRun> recorded = new ArrayList<>();
        List<SearchOutcome> searches = new ArrayList<>();
        int runs = suite.runCount();
        progress = new ExperimentProgress(suite.name(), 0, runs, null, Phase.STARTING);
        Disposable events = run.events().subscribe("experiment", event -> {
            if (event instanceof RunEvent.Stopped done) {
                stoppedRun(done.run().id()).complete(done);
            }
        });
        int exitCode = EXIT_PASSED;
        try {
            int number = 0;
            for (SuiteEntry entry : suite.entries()) {
                switch (entry) {
                    case FixedRateTest test -> {
                        if (!stopped && test.warmUp().isPositive()) {
                            progress = new ExperimentProgress(suite.name(), number, runs, test.testName(), Phase.WARMING_UP);
                            out.printf("warm-up of %s: %s for %s (not recorded)%n", test.testName(), Rate.format(test.qps()),
                                    test.warmUp());
                            runOnce(test, test.warmUp());
                            coolDown(suite, number, runs, test);
                        }
                        for (int repeat = 1; repeat <= test.repeats() && !stopped; repeat++) {
                            number++;
                            progress = new ExperimentProgress(suite.name(), number, runs, test.testName(), Phase.RUNNING);
                            out.printf("run %d of %d: %s (repeat %d of %d) at %s for %s, at most %d in flight%n", number, runs,
                                    test.testName(), repeat, test.repeats(), Rate.format(test.qps()), test.duration(),
                                    test.connections());
                            RunEvent.Stopped done = runOnce(test, test.duration());
                            boolean stoppedDuring = stopped;
                            progress = new ExperimentProgress(suite.name(), number, runs, test.testName(), Phase.CAPTURING);
                            RecordedRun result = record(suite, test, repeat, done, stoppedDuring);
                            recorded.add(result);
                            exitCode = Math.max(exitCode, result.exitCode());
                            if (number < runs) {
                                coolDown(suite, number, runs, test);
                            }
                        }
                    }
                    case SearchTest search -> {
                        if (stopped) {
                            break;
                        }
                        number++;
                        SearchOutcome outcome = search(suite, search, number, runs);
                        searches.add(outcome);
                        recorded.addAll(outcome.steps());
                        exitCode = Math.max(exitCode, outcome.exitCode());
                    }
                }
                if (stopped) {
                    break;
                }
            }
        } catch (IOException e) {
            out.println("error: cannot store results in " + store.location() + ": " + e.getMessage());
            exitCode = EXIT_BAD_SETUP;
        } finally {
            events.dispose();
            progress = new ExperimentProgress(suite.name(), progress.run(), runs, null, stopped ? Phase.STOPPED : Phase.FINISHED);
        }
        if (stopped) {
            out.printf("suite %s stopped after %d of %d run(s); the recorded ones are kept%n", suite.name(), recorded.size(), runs);
        }
        return new Outcome(recorded, exitCode, stopped, searches);
    }

    /**
     * The suite's result.
     *
     * @param runs     what was recorded, in order
     * @param exitCode as a headless run's
     * @param stopped  whether it was stopped before its end
     * @param searches the capacity searches, in order (their steps are in {@code runs} too)
     */
    public record Outcome(List<RecordedRun> runs, int exitCode, boolean stopped, List<SearchOutcome> searches) {
        public Outcome {
            runs = List.copyOf(runs);
            searches = List.copyOf(searches);
        }

        public Outcome(List<RecordedRun> runs, int exitCode, boolean stopped) {
            this(runs, exitCode, stopped, List.of());
        }
    }

    /** One run at the test's rate for {@code duration}; waits until it stopped. */
    private RunEvent.Stopped runOnce(FixedRateTest test, Duration duration) throws InterruptedException {
        LoadModel.Open load = new LoadModel.Open(new RateShape.Constant(test.qps(), duration), Arrivals.EVEN,
                test.connections(), LoadModel.Open.DEFAULT_MAX_QUEUE);
        String host = test.url() == null ? null : baseOf(test.url());
        String id = run.swarm(new SwarmCommand(load, host, null), test.scenario()).id();
        if (stopped) {
            run.stop(); // stop() came between the check and the start
        }
        // The bounded rate profile ends the run by itself.
        try {
            return stoppedRun(id).get(duration.plus(STOP_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.printf("run %s did not end within %s of its duration: stopping it%n", id, STOP_MARGIN);
            run.stop();
            try {
                return stoppedRun(id).get(STOP_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException again) {
                throw new IllegalStateException("run " + id + " did not stop", again);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("run " + id + " failed", e.getCause());
        }
    }

    /**
     * A capacity search: its steps through the coordinator, each recorded like a run (the warm-up
     * is not, as a fixed test's is not), then its knee chart and verdict.
     */
    private SearchOutcome search(Suite suite, SearchTest search, int number, int runs) throws IOException, InterruptedException {
        progress = new ExperimentProgress(suite.name(), number, runs, search.testName(), Phase.RUNNING);
        out.printf(Locale.ROOT, "run %d of %d: capacity search %s from %s up to %s, %s s per step; SLO: %sp99 <= %s ms,"
                        + " fail <= %s %%, achieved >= %s %% of requested%s%n", number, runs, search.testName(),
                Rate.format(search.plan().startRate()), Rate.format(search.plan().maxRate()), plain(search.plan().hold().toMillis() / 1000.0),
                search.slo().correctedLatency() ? "corrected " : "", plain(search.slo().maxP99Millis()),
                plain(search.slo().maxFailRatio() * 100), plain(search.slo().minAchievedRatio() * 100),
                search.minRate() == null ? "" : "; min_rate " + Rate.format(search.minRate()));
        long start = System.currentTimeMillis();
        String directory = freeDirectory(search.testName(), start);
        String host = search.url() == null ? null : baseOf(search.url());
        CoordinatorRateProbe probe = new CoordinatorRateProbe(run, new CoordinatorRateProbe.Options(host, search.scenario(),
                Arrivals.EVEN, search.connections(), LoadModel.Open.DEFAULT_MAX_QUEUE, STOP_MARGIN), () -> stopped);
        List<RecordedRun> steps = new ArrayList<>();
        List<ProbePoint> points = new ArrayList<>();
        SearchResult result;
        String error = null;
        try {
            result = new CapacitySearch(search.plan(), search.slo()).run(probe, point -> {
                points.add(point);
                try {
                    step(suite, search, directory, point, probe.lastStep(), steps);
                } catch (IOException | InterruptedException e) {
                    throw new StepNotRecorded(e);
                }
            });
        } catch (StepNotRecorded e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw (IOException) e.getCause();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            error = e.getMessage();
            out.printf("  search %s: a step could not run: %s%n", search.testName(), error);
            result = SearchResult.partial(points, SearchResult.Outcome.FAILED, search.slo(), search.plan());
        }
        boolean minMet = search.minRate() == null || result.meetsMinimum(search.minRate());
        int exitCode = error != null || !minMet ? EXIT_FAILED : EXIT_PASSED;
        SearchOutcome outcome = new SearchOutcome(search.testName(), directory, result, search.minRate(), exitCode, error, steps);
        SearchArtifacts.write(store, suite.name(), search, outcome, start, System.currentTimeMillis());
        out.printf(Locale.ROOT, "  search %s: %s, sustainable %s%s -> %s/%s%n", search.testName(), result.outcome(),
                result.sustainableRate().isPresent() ? Rate.format(result.sustainableRate().getAsDouble()) : "none",
                search.minRate() == null ? "" : " (min_rate " + Rate.format(search.minRate()) + " " + (minMet ? "met" : "NOT met") + ")",
                store.location(), directory);
        return outcome;
    }

    /** One measured step: recorded like a run unless it is the unjudged warm-up; then the cool-down. */
    private void step(Suite suite, SearchTest search, String searchDirectory, ProbePoint point, RunEvent.Stopped done,
                      List<RecordedRun> steps) throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "  %s %s: achieved %.1f/s, p99 %.1f ms (corrected %.1f ms), fail %.2f%% -> %s%n",
                point.phase(), Rate.format(point.rate()), point.result().achievedRate(), point.result().p99Millis(),
                point.result().correctedP99Millis(), point.result().failRatio() * 100,
                point.phase() == ProbePoint.Phase.WARMUP ? "warm-up (not judged, not recorded)"
                        : point.meetsSlo() ? "meets the SLO" : String.join("; ", point.breaches()));
        if (point.judged() && done != null) {
            int index = steps.size() + 1;
            FixedRateTest asRun = new FixedRateTest(search.testName(), search.url(), search.scenarioFile(), search.scenario(),
                    point.rate(), search.plan().hold(), search.connections(), Duration.ZERO, 1, search.coolDown(), search.step());
            // a step breaking the SLO is a measurement, not a failure: the search's verdict is min_rate
            steps.add(record(suite, asRun, index, done, stopped, EXIT_PASSED, SearchArtifacts.STEP_KIND,
                    SearchArtifacts.stepMetadata(searchDirectory, index, point)));
        }
        if (!stopped && search.coolDown().isPositive()) {
            progress = new ExperimentProgress(suite.name(), progress.run(), progress.runs(), search.testName(), Phase.COOLING_DOWN);
            stopSignal.await(search.coolDown().toMillis(), TimeUnit.MILLISECONDS);
            progress = new ExperimentProgress(suite.name(), progress.run(), progress.runs(), search.testName(), Phase.RUNNING);
        }
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Carries a step's recording failure out of the search's progress callback. */
    private static final class StepNotRecorded extends RuntimeException {
        StepNotRecorded(Exception cause) {
            super(cause);
        }
    }

    private RecordedRun record(Suite suite, FixedRateTest test, int repeat, RunEvent.Stopped done, boolean stoppedDuring)
            throws IOException, InterruptedException {
        return record(suite, test, repeat, done, stoppedDuring, -1, RunArtifacts.FIXED_KIND, Map.of());
    }

    /** @param exitCode the run's verdict; -1: judged by {@link #verdict} */
    private RecordedRun record(Suite suite, FixedRateTest test, int repeat, RunEvent.Stopped done, boolean stoppedDuring,
                               int exitCode, String kind, Map<String, Object> extra) throws IOException, InterruptedException {
        long start = done.results().info().startEpochMillis();
        long end = done.results().info().endEpochMillis();
        Map<String, QueryResult> metrics = new LinkedHashMap<>();
        for (var metric : suite.metrics().entrySet()) {
            QueryResult result = prometheus.rangeQuery(metric.getValue(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                    test.step());
            if (result.error() != null) {
                out.printf("metric %s of %s: %s (recorded with the error; the run's results are kept)%n", metric.getKey(),
                        test.testName(), result.error());
            }
            metrics.put(metric.getKey(), result);
        }
        if (exitCode < 0) {
            exitCode = verdict(test, done);
        }
        String directory = freeDirectory(test.testName(), start);
        RunArtifacts.write(store, directory, new RunArtifacts.Record(suite.name(), test, repeat, done.results(),
                prometheus == null ? null : prometheus.url(), suite.metrics(), metrics, exitCode, stoppedDuring, kind, extra));
        StatsSnapshot stats = done.snapshot();
        out.printf("  %d request(s), %d failure(s), %.1f/s achieved -> %s/%s%n", stats.numRequests(), stats.numFailures(),
                stats.totalRps(), store.location(), directory);
        Map<String, String> errors = new LinkedHashMap<>();
        metrics.forEach((name, result) -> {
            if (result.error() != null) {
                errors.put(name, result.error());
            }
        });
        return new RecordedRun(test.testName(), repeat, directory, exitCode, errors);
    }

    /** 1 when a request failed, a threshold of the scenario was breached or the run failed; else 0. */
    private int verdict(FixedRateTest test, RunEvent.Stopped done) {
        if (done.runError() != null) {
            out.println("  run failed: " + done.runError());
            return EXIT_FAILED;
        }
        List<String> breaches = ThresholdCheck.breaches(test.scenario().scenario().thresholds(), done.snapshot());
        breaches.forEach(breach -> out.println("  threshold breached: " + breach));
        return done.snapshot().numFailures() > 0 || !breaches.isEmpty() ? EXIT_FAILED : EXIT_PASSED;
    }

    /**
     * The run's directory; two runs starting within one second (short runs without cool-down)
     * get the next free second rather than mixing their files.
     */
    private String freeDirectory(String testName, long startMillis) throws IOException {
        long millis = startMillis;
        String directory = RunArtifacts.directory(testName, millis);
        while (usedDirectories.contains(directory) || !store.list(directory + "/").isEmpty()) {
            millis += 1000;
            directory = RunArtifacts.directory(testName, millis);
        }
        usedDirectories.add(directory);
        return directory;
    }

    private void coolDown(Suite suite, int number, int runs, FixedRateTest test) throws InterruptedException {
        if (!stopped && test.coolDown().isPositive()) {
            progress = new ExperimentProgress(suite.name(), number, runs, test.testName(), Phase.COOLING_DOWN);
            out.printf("cool-down: %s%n", test.coolDown());
            stopSignal.await(test.coolDown().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private CompletableFuture<RunEvent.Stopped> stoppedRun(String id) {
        return stoppedRuns.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private static String baseOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
