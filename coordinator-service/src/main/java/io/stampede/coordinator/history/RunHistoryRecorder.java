package io.stampede.coordinator.history;

import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunEvents;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.RunResults;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every run that stops: on each {@link RunEvent.Stopped} it renders the run's final
 * results (carried by the event, so a next run resetting the live stats changes nothing) in
 * every form, then writes them to the {@link HistoryStore} on its own thread.
 */
public class RunHistoryRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunHistoryRecorder.class);

    private final HistoryStore store;
    private final JsonMapper mapper;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stampede-history-writer");
        t.setDaemon(true);
        return t;
    });
    private final Disposable subscription;

    public RunHistoryRecorder(RunEvents events, HistoryStore store, JsonMapper mapper) {
        this.store = store;
        this.mapper = mapper;
        this.subscription = events.subscribe("history", event -> {
            if (event instanceof RunEvent.Stopped stopped) {
                capture(stopped.run(), stopped.results());
            }
        });
    }

    private void capture(Run finished, RunResults results) {
        try {
            long endedAt = results.info().endEpochMillis();
            Map<RunArtifact, String> artifacts = new EnumMap<>(RunArtifact.class);
            artifacts.put(RunArtifact.STATS_CSV, RunReports.statsCsv(results));
            artifacts.put(RunArtifact.FAILURES_CSV, RunReports.failuresCsv(results));
            artifacts.put(RunArtifact.HISTORY_CSV, RunReports.historyCsv(results));
            artifacts.put(RunArtifact.REPORT_HTML, RunReports.html(results));
            JsonNode statsTree = mapper.valueToTree(RunReports.statsDocument(results));
            var yaml = finished.scenario().yaml();
            RunSummary summary = new RunSummary(finished.id(), finished.scenario().scenario().name(),
                    yaml == null ? null : finished.scenario().name(),
                    new RunParameters(finished.users(), finished.spawnRate(), finished.host(),
                            finished.runTime() == null ? null : finished.runTime().toSeconds() + "s"),
                    finished.startedAtMillis(), endedAt,
                    RunTotals.of(results.snapshot(), endedAt - finished.startedAtMillis()));
            FinishedRun record = new FinishedRun(summary, yaml, statsTree, SeriesPoints.of(results.history()), artifacts);
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
        subscription.dispose();
        writer.shutdown();
        // Let a run that just stopped reach the disk before the process exits.
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
