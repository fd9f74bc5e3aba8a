package io.stampede.coordinator.report;

import io.stampede.core.link.ShareLimited;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ErrorStats;
import io.stampede.core.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locust 2.x's {@code GET /stats/requests} document, as an ordered map ready for Jackson.
 * Field names are Locust's. Times are milliseconds; unlike Locust, which rounds its histogram
 * to two significant digits and reports whole milliseconds, they keep microsecond precision
 * (3 decimals). The Aggregated row comes last in {@code stats}, with {@code method: null}.
 *
 * <p>Beside Locust's keys: each row's {@code corrected_response_time_percentile_<q>} (latency from
 * each request's intended start, coordinated omission corrected; equal to Locust's key when
 * every request started on time), and the document's {@code requested_rate},
 * {@code achieved_rate}, {@code dropped_iterations} and {@code generator_warnings}.
 */
public final class LocustStatsDocument {

    private LocustStatsDocument() {
    }

    public static Map<String, Object> build(StatsSnapshot snapshot, RunStatusView status) {
        RunStatusView run = status;
        List<Map<String, Object>> stats = new ArrayList<>();
        for (RequestStats row : snapshot.rowsWithTotal()) {
            stats.add(row(row));
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (ErrorStats error : snapshot.errors()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", error.method());
            e.put("name", error.name());
            e.put("error", error.error());
            e.put("occurrences", error.occurrences());
            e.put("first_seen", error.firstSeenEpochMillis() / 1000.0);
            e.put("last_seen", error.lastSeenEpochMillis() / 1000.0);
            errors.add(e);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        for (double q : StatsSnapshot.CHARTED_PERCENTILES) {
            current.put(StatsFormat.percentileKey(q), StatsFormat.roundMillis(snapshot.currentResponseTimePercentileMillis(q)));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("stats", stats);
        document.put("errors", errors);
        document.put("current_rps", snapshot.currentRps());
        document.put("current_fail_per_sec", snapshot.currentFailPerSec());
        document.put("total_rps", snapshot.totalRps());
        document.put("total_fail_per_sec", snapshot.totalFailPerSec());
        document.put("fail_ratio", snapshot.failRatio());
        document.put("current_response_time_percentiles", current);
        document.put("requested_rate", status.requestedRate());
        document.put("achieved_rate", snapshot.iterations().currentRate());
        document.put("iterations_started", snapshot.iterations().started());
        document.put("dropped_iterations", snapshot.iterations().dropped());
        document.put("schedule_lag_percentiles", Map.of(
                StatsFormat.percentileKey(0.5), StatsFormat.roundMillis(snapshot.iterations().scheduleLag().percentileMillis(0.5)),
                StatsFormat.percentileKey(0.99), StatsFormat.roundMillis(snapshot.iterations().scheduleLag().percentileMillis(0.99))));
        document.put("generator_warnings", GeneratorHealth.warnings(snapshot, status));
        document.put("unaccounted_requests", status.unaccountedRequests());
        List<Map<String, Object>> limited = new ArrayList<>();
        for (ShareLimited share : status.limitedShares()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("worker_id", share.workerId());
            l.put("unit", share.unit());
            l.put("asked", share.asked());
            l.put("accepted", share.accepted());
            l.put("reason", share.reason());
            limited.add(l);
        }
        document.put("limited_shares", limited);
        List<Map<String, Object>> workers = new ArrayList<>();
        for (RunStatusView.WorkerRow worker : run.workers()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", worker.id());
            w.put("state", worker.state());
            w.put("user_count", worker.userCount());
            w.put("cpu_usage", worker.cpuUsage());
            w.put("memory_usage", worker.memoryUsage());
            workers.add(w);
        }
        document.put("workers", workers);
        document.put("worker_count", run.workerCount());
        document.put("state", run.state());
        document.put("user_count", run.userCount());
        return document;
    }

    /** One {@code stats[]} row. */
    public static Map<String, Object> row(RequestStats row) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", row.isAggregated() ? null : row.method());
        r.put("name", row.name());
        r.put("safe_name", safeName(row.name()));
        r.put("num_requests", row.numRequests());
        r.put("num_failures", row.numFailures());
        r.put("min_response_time", StatsFormat.roundMillis(row.minResponseTimeMillis()));
        r.put("max_response_time", StatsFormat.roundMillis(row.maxResponseTimeMillis()));
        r.put("current_rps", row.currentRps());
        r.put("current_fail_per_sec", row.currentFailPerSec());
        r.put("avg_response_time", row.avgResponseTimeMillis());
        r.put("median_response_time", StatsFormat.roundMillis(row.medianResponseTimeMillis()));
        r.put("ninetieth_response_time", StatsFormat.roundMillis(row.percentileMillis(0.9)));
        r.put("ninety_ninth_response_time", StatsFormat.roundMillis(row.percentileMillis(0.99)));
        r.put("total_rps", row.totalRps());
        r.put("total_fail_per_sec", row.totalFailPerSec());
        for (double q : StatsSnapshot.REPORTED_PERCENTILES) {
            r.put(StatsFormat.percentileKey(q), StatsFormat.roundMillis(row.percentileMillis(q)));
        }
        r.put("avg_content_length", row.avgContentLength());
        for (double q : StatsSnapshot.REPORTED_PERCENTILES) {
            r.put("corrected_" + StatsFormat.percentileKey(q), StatsFormat.roundMillis(row.correctedPercentileMillis(q)));
        }
        return r;
    }

    /** Python's {@code html.escape(name, quote=False)}, Locust's {@code safe_name}. */
    static String safeName(String name) {
        return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
