package io.stampede.coordinator.history;

import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunEvents;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.RunResults;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every run that stops: on each {@link RunEvent.Stopped} it renders the run's final
 * results (carried by the event, so a next run resetting the live stats changes nothing) in
 * every form, then writes them to the {@link HistoryStore} on its own thread.
 *
 * <p>While a run goes on, it also writes a checkpoint of it (status running) every
 * {@code checkpointInterval}, so a coordinator killed without a chance to stop the run
 * (kill -9, OOM) leaves what was merged until then on disk; the next coordinator marks such
 * runs interrupted when it starts ({@link HistoryStore#markInterrupted()}).
 */
public class RunHistoryRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunHistoryRecorder.class);

    private final HistoryStore store;
    private final JsonMapper mapper;
    private final Supplier<RunResults> liveResults;
    private final long checkpointIntervalMillis;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stampede-history-writer");
        t.setDaemon(true);
        return t;
    });
    private final Disposable subscription;
    /** Completes once a stopped run is on disk (or could not be written), by run id. */
    private final Map<String, CompletableFuture<Void>> stored = new ConcurrentHashMap<>();
    /** Run ids that stopped: a checkpoint queued before the Stopped event must not overwrite the final run. */
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private volatile long lastCheckpointMillis;

    /** A recorder without checkpoints. */
    public RunHistoryRecorder(RunEvents events, HistoryStore store, JsonMapper mapper) {
        this(events, store, mapper, null, Duration.ZERO);
    }

    /**
     * @param liveResults        the current run's results as of now (for checkpoints)
     * @param checkpointInterval how often an active run is checkpointed; zero: never
     */
    public RunHistoryRecorder(RunEvents events, HistoryStore store, JsonMapper mapper, Supplier<RunResults> liveResults,
                              Duration checkpointInterval) {
        this.store = store;
        this.mapper = mapper;
        this.liveResults = liveResults;
        this.checkpointIntervalMillis = checkpointInterval.toMillis();
        List<String> interrupted = store.markInterrupted();
        if (!interrupted.isEmpty()) {
            log.warn("Run(s) {} were still going on when the last coordinator stopped without finishing them;"
                    + " kept in the history as interrupted (with what was merged until its last checkpoint)", interrupted);
        }
        this.subscription = events.subscribe("history", event -> {
            switch (event) {
                case RunEvent.Stopped stopped -> capture(stopped.run(), stopped.results());
                case RunEvent.Tick tick when tick.run() != null && tick.state().isActive() -> checkpointIfDue(tick);
                default -> { }
            }
        });
    }

    /** Completes when the stopped run of this id is stored (or failed to be); for an orderly shutdown. */
    public CompletableFuture<Void> stored(String runId) {
        return stored.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    private void checkpointIfDue(RunEvent.Tick tick) {
        if (liveResults == null || checkpointIntervalMillis <= 0
                || tick.epochMillis() - lastCheckpointMillis < checkpointIntervalMillis) {
            return;
        }
        lastCheckpointMillis = tick.epochMillis();
        Run run = tick.run();
        writer.execute(() -> {
            if (finished.containsKey(run.id())) {
                return;
            }
            try {
                RunResults results = liveResults.get();
                store.save(record(run, results, RunSummary.RUNNING));
            } catch (RuntimeException e) {
                log.warn("Could not checkpoint run {}: {}", run.id(), e.toString());
            }
        });
    }

    private void capture(Run finishedRun, RunResults results) {
        finished.put(finishedRun.id(), Boolean.TRUE);
        CompletableFuture<Void> done = stored(finishedRun.id());
        try {
            FinishedRun record = record(finishedRun, results, RunSummary.COMPLETED);
            writer.execute(() -> {
                try {
                    store.save(record);
                } catch (RuntimeException e) {
                    log.error("Could not keep run {} in the history", finishedRun.id(), e);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            log.error("Could not capture run {} for the history", finishedRun.id(), e);
            done.complete(null);
        }
    }

    private FinishedRun record(Run run, RunResults results, String status) {
        long endedAt = results.info().endEpochMillis();
        Map<RunArtifact, String> artifacts = new EnumMap<>(RunArtifact.class);
        artifacts.put(RunArtifact.STATS_CSV, RunReports.statsCsv(results));
        artifacts.put(RunArtifact.FAILURES_CSV, RunReports.failuresCsv(results));
        artifacts.put(RunArtifact.HISTORY_CSV, RunReports.historyCsv(results));
        artifacts.put(RunArtifact.REPORT_HTML, RunReports.html(results));
        JsonNode statsTree = mapper.valueToTree(RunReports.statsDocument(results));
        var yaml = run.scenario().yaml();
        RunSummary summary = new RunSummary(run.id(), run.scenario().scenario().name(),
                yaml == null ? null : run.scenario().name(),
                new RunParameters(run.users(), run.spawnRate(), run.host(),
                        run.runTime() == null ? null : run.runTime().toSeconds() + "s"),
                run.startedAtMillis(), endedAt,
                RunTotals.of(results.snapshot(), endedAt - run.startedAtMillis()), status);
        return new FinishedRun(summary, yaml, statsTree, SeriesPoints.of(results.history()), artifacts);
    }

    @Override
    public void close() throws InterruptedException {
        subscription.dispose();
        writer.shutdown();
        // Let a run that just stopped reach the disk before the process exits.
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
