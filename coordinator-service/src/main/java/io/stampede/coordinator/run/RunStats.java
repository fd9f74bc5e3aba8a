package io.stampede.coordinator.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stampede.coordinator.link.ExactlyOnceReports;
import io.stampede.coordinator.report.HistorySample;
import io.stampede.coordinator.report.StatsHistory;
import io.stampede.core.link.StatsReport;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The current run's stats: worker reports merged once each ({@link ExactlyOnceReports} drops
 * what the link delivers twice), the per-second history, and how many requests each worker
 * contributed. Thread-safe; the caller decides which run a report belongs to.
 */
public final class RunStats {

    private final StatsAggregator aggregator = new StatsAggregator();
    private final ExactlyOnceReports delivered = new ExactlyOnceReports();
    private final StatsHistory history = new StatsHistory();
    /** Requests merged per worker since the run started or the stats were reset. */
    private final Map<String, Long> mergedRequests = new ConcurrentHashMap<>();

    /** A new run: empty stats, and no report of an earlier run is remembered. */
    void newRun(long nowEpochMillis) {
        reset(nowEpochMillis);
        delivered.clear();
    }

    /** Locust's /stats/reset: empty stats; reports merged before still count as delivered. */
    void reset(long nowEpochMillis) {
        aggregator.reset(nowEpochMillis);
        history.clear();
        mergedRequests.clear();
    }

    /** Merges a worker's report unless it was merged before. */
    void merge(StatsReport report) {
        if (delivered.deliver(report, aggregator::merge)) {
            long requests = 0;
            for (StatsDelta.EntryDelta entry : report.delta().entries()) {
                requests += entry.numRequests();
            }
            mergedRequests.merge(report.workerId(), requests, Long::sum);
        }
    }

    /** Merges the requests the coordinator made itself (setup, teardown): delivered once by construction. */
    void mergeOwn(StatsDelta delta) {
        aggregator.merge(delta);
    }

    /** Appends the stats of now to the history. */
    HistorySample sample(long nowEpochMillis, int userCount) {
        return history.sample(snapshot(nowEpochMillis), userCount);
    }

    /** Appends an already taken snapshot to the history. */
    void sample(StatsSnapshot snapshot, int userCount) {
        history.add(HistorySample.of(snapshot, userCount));
    }

    public StatsSnapshot snapshot(long nowEpochMillis) {
        return aggregator.snapshot(nowEpochMillis);
    }

    public StatsHistory history() {
        return history;
    }

    public long mergedRequests(String workerId) {
        return mergedRequests.getOrDefault(workerId, 0L);
    }
}
