package io.stampede.coordinator.history;

import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every run that stops: it follows the coordinator's per-run {@link RunCoordinator#completion()}
 * and, the moment a run completes, takes its final stats in every form (document, CSVs, report,
 * series) before a next run could reset them, then writes them to the {@link HistoryStore} on
 * its own thread so the run's lock is never held for disk I/O.
 */
public class RunHistoryRecorder implements AutoCloseable {

    /** How often to look for a new run to follow (a run started between looks is still caught: see watch). */
    static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(RunHistoryRecorder.class);

    private final RunCoordinator run;
    private final RunReports reports;
    private final HistoryStore store;
    private final JsonMapper mapper;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stampede-history-writer");
        t.setDaemon(true);
        return t;
    });
    private final Disposable watcher;
    private CompletableFuture<Run> followed;

    public RunHistoryRecorder(RunCoordinator run, RunReports reports, HistoryStore store, JsonMapper mapper) {
        this.run = run;
        this.reports = reports;
        this.store = store;
        this.mapper = mapper;
        this.watcher = Flux.interval(WATCH_INTERVAL).subscribe(i -> watch());
    }

    /** Follows the current run's completion once (the coordinator makes a new future per run). */
    synchronized void watch() {
        CompletableFuture<Run> completion = run.completion();
        if (completion == followed || run.currentRun() == null) {
            return;
        }
        followed = completion;
        completion.thenAccept(this::capture);
    }

    /** Runs as the run completes (in the coordinator's thread): reads, but writes nothing to disk. */
    private void capture(Run finished) {
        try {
            long endedAt = run.stoppedAtMillis();
            Map<String, Object> document = reports.statsDocument();
            Map<RunArtifact, String> artifacts = new EnumMap<>(RunArtifact.class);
            artifacts.put(RunArtifact.STATS_CSV, reports.statsCsv());
            artifacts.put(RunArtifact.FAILURES_CSV, reports.failuresCsv());
            artifacts.put(RunArtifact.HISTORY_CSV, reports.historyCsv());
            artifacts.put(RunArtifact.REPORT_HTML, reports.html());
            var series = SeriesPoints.of(run.history().samples());
            JsonNode statsTree = mapper.valueToTree(document);
            var yaml = finished.scenario().yaml();
            RunSummary summary = new RunSummary(finished.id(), finished.scenario().scenario().name(),
                    yaml == null ? null : finished.scenario().name(),
                    new RunParameters(finished.users(), finished.spawnRate(), finished.host(),
                            finished.runTime() == null ? null : finished.runTime().toSeconds() + "s"),
                    finished.startedAtMillis(), endedAt,
                    RunTotals.of(statsTree, endedAt - finished.startedAtMillis()));
            FinishedRun record = new FinishedRun(summary, yaml, statsTree, series, artifacts);
            writer.execute(() -> {
                try {
                    store.save(record);
                } catch (RuntimeException e) {
                    log.error("Could not keep run {} in the history", finished.id(), e);
                }
            });
        } catch (RuntimeException e) {
            log.error("Could not capture run {} for the history", finished.id(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        watcher.dispose();
        writer.shutdown();
        // Let a run that just stopped reach the disk before the process exits.
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
