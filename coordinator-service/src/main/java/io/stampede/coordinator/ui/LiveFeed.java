package io.stampede.coordinator.ui;

import io.stampede.coordinator.history.RunParameters;
import io.stampede.coordinator.history.SeriesPoints;
import io.stampede.coordinator.link.MissingWorker;
import io.stampede.coordinator.link.WorkerLink;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunEvent;
import io.stampede.coordinator.run.RunReports;
import io.stampede.core.link.WorkerState;
import io.stampede.coordinator.report.HistorySample;
import io.stampede.coordinator.report.StatsHistory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * The live view every browser watches. It follows the run's {@link RunEvent.Tick}s (one a
 * second, from the run clock) and turns each into one shared view (stats document, worker rows),
 * whatever the number of browsers; each browser's stream then adds only the series points it has
 * not seen, so a page opened mid-run first gets the latest view with the whole series, then one
 * point a second.
 */
public class LiveFeed {

    private final StatsHistory history;
    private final Flux<Tick> ticks;

    public LiveFeed(RunCoordinator run) {
        this.history = run.history();
        // Connected at once and replaying the latest view: a browser gets its first message without waiting a tick.
        this.ticks = run.events().flux("live-feed")
                .ofType(RunEvent.Tick.class)
                .map(LiveFeed::view)
                .replay(1)
                .autoConnect(0);
    }

    /** One tick as every stream shows it. */
    record Tick(String runId, String scenario, RunParameters parameters, Map<String, Object> stats,
                List<LiveMessage.WorkerRow> workers) {
    }

    static Tick view(RunEvent.Tick tick) {
        Run current = tick.run();
        long now = tick.epochMillis();
        List<LiveMessage.WorkerRow> workers = java.util.stream.Stream.concat(
                        tick.workers().connected().stream().map(link -> workerRow(link, now)),
                        tick.workers().missing().stream().map(worker -> workerRow(worker, now)))
                .toList();
        return new Tick(current == null ? null : current.id(),
                current == null ? null : current.scenario().scenario().name(),
                current == null ? null : parameters(current),
                RunReports.statsDocument(tick.snapshot(), tick.status(), tick.runError()), workers);
    }

    static RunParameters parameters(Run run) {
        return new RunParameters(run.users(), run.spawnRate(), run.host(),
                run.runTime() == null ? null : formatDuration(run.runTime()));
    }

    /** One subscriber's stream: the shared ticks plus the points this subscriber has not seen. */
    public Flux<LiveMessage> stream() {
        return Flux.defer(() -> {
            Cursor cursor = new Cursor();
            return ticks.map(cursor::next);
        });
    }

    /** Which points a subscriber already has. */
    private final class Cursor {
        private String runId;
        private long lastMillis = Long.MIN_VALUE;
        private int seen;
        private boolean started;

        LiveMessage next(Tick tick) {
            int size = history.size();
            // A new run or a stats reset (the history shrank) makes the client start over.
            boolean reset = !started || !java.util.Objects.equals(runId, tick.runId()) || size < seen;
            List<HistorySample> samples = reset ? history.samples() : history.samplesAfter(lastMillis);
            if (reset) {
                seen = 0;
            }
            started = true;
            runId = tick.runId();
            seen += samples.size();
            if (!samples.isEmpty()) {
                lastMillis = samples.getLast().epochMillis();
            }
            return new LiveMessage(tick.runId(), tick.scenario(), tick.parameters(), tick.stats(),
                    SeriesPoints.of(samples), reset, tick.workers());
        }
    }

    private static LiveMessage.WorkerRow workerRow(WorkerLink link, long now) {
        return new LiveMessage.WorkerRow(link.id(), link.hostname(), link.state().wireName(), link.userCount(),
                link.cpuUsage(), link.memoryUsage(), Math.max(0, now - link.lastSeenMillis()));
    }

    private static LiveMessage.WorkerRow workerRow(MissingWorker worker, long now) {
        return new LiveMessage.WorkerRow(worker.id(), worker.hostname(), WorkerState.MISSING.wireName(), 0,
                worker.cpuUsage(), worker.memoryUsage(), Math.max(0, now - worker.lastSeenMillis()));
    }

    /** {@code 90s} → {@code 1m30s}, the form the start form accepts. */
    static String formatDuration(Duration d) {
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
