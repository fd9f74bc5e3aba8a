package io.stampede.coordinator.headless;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.console.ConsoleStatsPrinter;
import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunResults;
import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.run.ThresholdCheck;
import io.stampede.coordinator.report.ConsoleStatsTable;
import io.stampede.coordinator.report.OpenModelSummary;
import io.stampede.core.stats.StatsSnapshot;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --headless}: waits for the workers, runs once, writes the requested artifacts and
 * decides the exit code (0 passed, 1 failures or breached thresholds, 2 bad setup).
 * Runs inside Spring's startup (after the web server and link are up); main() exits with
 * {@link #exitCode()}.
 */
@Component
public class HeadlessRun implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HeadlessRun.class);
    public static final int EXIT_PASSED = 0;
    public static final int EXIT_FAILED = 1;

    private final LaunchOptions options;
    private final CoordinatorProperties properties;
    private final RunCoordinator run;
    private final RunReports reports;
    private final WorkerRegistry registry;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private volatile int exitCode = EXIT_PASSED;
    /** The headless run's id once it started. */
    private volatile String runId;
    private volatile boolean reported;
    /** Stopped events by run id, followed from before the run starts so none is missed (headless mode only). */
    private final Map<String, CompletableFuture<RunEvent.Stopped>> stoppedRuns = new ConcurrentHashMap<>();
    /** The exit code once the headless run is over and its reports written; complete at once outside headless mode. */
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    public HeadlessRun(LaunchOptions launchOptions, CoordinatorProperties properties, RunCoordinator run,
                       RunReports reports) {
        this.options = launchOptions;
        this.properties = properties;
        this.run = run;
        this.reports = reports;
        this.registry = run.registry();
        if (!options.headless()) {
            finished.complete(EXIT_PASSED);
        }
    }

    public int exitCode() {
        return exitCode;
    }

    /** Completes with {@link #exitCode()} once the run is over and its results are printed and written. */
    public CompletableFuture<Integer> finished() {
        return finished;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (options.headless()) {
            try {
                exitCode = execute();
            } finally {
                finished.complete(exitCode);
            }
        }
    }

    private int execute() throws InterruptedException {
        if (run.defaultHost() == null && run.launchScenario().needsHost()) {
            err.println("error: -H/--host: required (no host in the scenario either)");
            return LaunchCommand.EXIT_BAD_INPUT;
        }
        int expected = options.expectWorkers() + options.localWorkers();
        if (expected == 0) {
            err.println("error: --local-workers 0 and no --expect-workers: nobody would run the users");
            return LaunchCommand.EXIT_BAD_INPUT;
        }
        if (!awaitWorkers(expected)) {
            err.println("error: --expect-workers: only " + registry.size() + " of " + expected
                    + " worker(s) connected within " + properties.expectWorkersTimeout().toSeconds()
                    + " s (stampede.coordinator.expect-workers-timeout)");
            return LaunchCommand.EXIT_BAD_INPUT;
        }
        // Followed until the process ends: a shutdown during the run still waits for its Stopped event.
        run.events().subscribe("headless", event -> {
            if (event instanceof RunEvent.Stopped stopped) {
                stopped(stopped.run().id()).complete(stopped);
            }
        });
        ConsoleStatsPrinter printer = options.printStats()
                ? ConsoleStatsPrinter.start(out, run.events(), properties.printStatsInterval(),
                state -> state != RunState.READY)
                : ConsoleStatsPrinter.NONE;
        if (options.runTime() == null) {
            log.info("No --run-time: the run goes on until stopped (GET /stop or Ctrl-C)");
        }
        RunEvent.Stopped stopped;
        try {
            runId = run.swarm(new SwarmCommand(options.loadModel(), null,
                    options.runTime())).id();
            stopped = stopped(runId).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run failed", e.getCause());
        } finally {
            printer.close();
        }
        if (!report(stopped.results())) {
            return LaunchCommand.EXIT_BAD_INPUT;
        }
        if (stopped.runError() != null) {
            err.println("run failed: " + stopped.runError());
            return EXIT_FAILED;
        }
        return verdict(stopped.snapshot());
    }

    /** The Stopped event of a run, whether it came before or after the caller asks. */
    private CompletableFuture<RunEvent.Stopped> stopped(String id) {
        return stoppedRuns.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Final table and artifacts, once; false when an artifact could not be written. */
    private synchronized boolean report(RunResults runResults) {
        if (reported) {
            return true;
        }
        reported = true;
        RunResults results = withLoad(runResults);
        out.println(ConsoleStatsTable.renderFinal(results.snapshot()));
        OpenModelSummary.of(results.info(), results.snapshot()).ifPresent(summary -> out.println(summary.render()));
        try {
            writeArtifacts(results);
            return true;
        } catch (IOException e) {
            err.println("error: cannot write results: " + e.getMessage());
            return false;
        }
    }

    /** The results with the headless run's workload model, for the open-model summary of the console and report. */
    private RunResults withLoad(RunResults results) {
        if (results.info().load() != null) {
            return results;
        }
        return new RunResults(results.snapshot(), results.history(), results.status(),
                results.info().withLoad(options.loadModel()), results.runError());
    }

    /**
     * Ctrl-C / SIGTERM during a headless run (e.g. without --run-time): stop the run, wait for
     * the workers' last reports (bounded) and still print and write the results, as Locust does.
     */
    @PreDestroy
    void onShutdown() {
        String id = runId;
        if (!options.headless() || id == null || reported) {
            return;
        }
        log.info("Shutting down during the run: stopping it and writing the results");
        run.stop();
        RunResults results;
        try {
            results = stopped(id).get(properties.finalReportTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS).results();
        } catch (Exception e) {
            log.warn("Run did not reach stopped before shutdown: {}", e.toString());
            results = reports.results();
        }
        report(results);
    }

    private boolean awaitWorkers(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + properties.expectWorkersTimeout().toMillis();
        long lastLog = 0;
        while (registry.size() < expected) {
            long now = System.currentTimeMillis();
            if (now > deadline) {
                return false;
            }
            if (now - lastLog > 5000) {
                log.info("Waiting for workers: {} of {} connected", registry.size(), expected);
                lastLog = now;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private int verdict(StatsSnapshot last) {
        List<String> breaches = ThresholdCheck.breaches(run.launchScenario().scenario().thresholds(), last);
        breaches.forEach(b -> err.println("threshold breached: " + b));
        if (last.numFailures() > 0) {
            err.println("run failed: " + last.numFailures() + " of " + last.numRequests() + " request(s) failed");
            return EXIT_FAILED;
        }
        if (last.numRequests() == 0) {
            log.warn("The run made no request at all");
        }
        return breaches.isEmpty() ? EXIT_PASSED : EXIT_FAILED;
    }

    private void writeArtifacts(RunResults results) throws IOException {
        if (options.jsonFile() != null) {
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            write(options.jsonFile(), json.writeValueAsString(RunReports.statsDocument(results)));
        }
        if (options.csvPrefix() != null) {
            write(Path.of(options.csvPrefix() + "_stats.csv"), RunReports.statsCsv(results));
            write(Path.of(options.csvPrefix() + "_failures.csv"), RunReports.failuresCsv(results));
            write(Path.of(options.csvPrefix() + "_stats_history.csv"), RunReports.historyCsv(results));
        }
        if (options.htmlFile() != null) {
            write(options.htmlFile(), RunReports.html(results));
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, content);
        log.info("Wrote {}", file);
    }
}
