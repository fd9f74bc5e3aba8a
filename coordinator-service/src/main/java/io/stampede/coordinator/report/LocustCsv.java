package io.stampede.coordinator.report;

import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ErrorStats;
import io.stampede.core.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Locust 2.x's CSV files ({@code --csv PREFIX}): {@code PREFIX_stats.csv},
 * {@code PREFIX_failures.csv}, {@code PREFIX_stats_history.csv}, with Locust's headers, row
 * order, {@code N/A} percentiles for rows without requests and Python {@code csv} quoting
 * (minimal, CRLF). Times are milliseconds with up to 3 decimals instead of Locust's whole
 * milliseconds.
 */
public final class LocustCsv {

    /** Locust's columns, then the corrected percentiles (from each request's intended start). */
    public static final List<String> STATS_HEADER = header(List.of("Type", "Name", "Request Count", "Failure Count",
            "Median Response Time", "Average Response Time", "Min Response Time", "Max Response Time",
            "Average Content Size", "Requests/s", "Failures/s"), StatsSnapshot.REPORTED_PERCENTILES.stream()
            .map(q -> "Corrected " + StatsFormat.percentileLabel(q)).toList());

    /** Locust ≥ 2.44 added First Seen / Last Seen (UTC, second resolution). */
    public static final List<String> FAILURES_HEADER =
            List.of("Method", "Name", "Error", "Occurrences", "First Seen", "Last Seen");

    public static final List<String> HISTORY_HEADER = header(List.of("Timestamp", "User Count", "Type", "Name",
            "Requests/s", "Failures/s"), List.of("Total Request Count", "Total Failure Count",
            "Total Median Response Time", "Total Average Response Time", "Total Min Response Time",
            "Total Max Response Time", "Total Average Content Size"));

    private LocustCsv() {
    }

    /** {@code stats.csv}: one row per (method, name), then Aggregated; rates are over the whole run. */
    public static String statsCsv(StatsSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        StatsFormat.csvRow(out, STATS_HEADER);
        for (RequestStats row : snapshot.rowsWithTotal()) {
            List<Object> fields = new ArrayList<>(List.of(row.method(), row.name(), row.numRequests(), row.numFailures(),
                    StatsFormat.millis(row.medianResponseTimeMillis()), StatsFormat.pyFloat(row.avgResponseTimeMillis()),
                    StatsFormat.millis(row.minResponseTimeMillis()), StatsFormat.millis(row.maxResponseTimeMillis()),
                    StatsFormat.pyFloat(row.avgContentLength()), StatsFormat.pyFloat(row.totalRps()),
                    StatsFormat.pyFloat(row.totalFailPerSec())));
            fields.addAll(percentiles(row.numRequests(), StatsSnapshot.REPORTED_PERCENTILES.stream()
                    .map(row::percentileMillis).toList()));
            fields.addAll(percentiles(row.numRequests(), StatsSnapshot.REPORTED_PERCENTILES.stream()
                    .map(row::correctedPercentileMillis).toList()));
            StatsFormat.csvRow(out, fields);
        }
        return out.toString();
    }

    /** {@code failures.csv}: one row per (method, name, error). */
    public static String failuresCsv(StatsSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        StatsFormat.csvRow(out, FAILURES_HEADER);
        for (ErrorStats error : snapshot.errors()) {
            StatsFormat.csvRow(out, List.of(error.method(), error.name(), error.error(), error.occurrences(),
                    StatsFormat.utcSeconds(error.firstSeenEpochMillis()), StatsFormat.utcSeconds(error.lastSeenEpochMillis())));
        }
        return out.toString();
    }

    /** {@code stats_history.csv}: one Aggregated row per sample, Locust's default (no full history). */
    public static String historyCsv(StatsHistory history) {
        return historyCsv(history.samples());
    }

    public static String historyCsv(List<HistorySample> samples) {
        StringBuilder out = new StringBuilder();
        StatsFormat.csvRow(out, HISTORY_HEADER);
        for (HistorySample sample : samples) {
            historyRow(out, sample);
        }
        return out.toString();
    }

    /** Appends one history row (for writers that append to the file every second, as Locust does). */
    public static void historyRow(StringBuilder out, HistorySample sample) {
        List<Object> fields = new ArrayList<>(List.of(sample.epochMillis() / 1000, sample.userCount(), "",
                RequestStats.AGGREGATED, String.format(java.util.Locale.ROOT, "%.6f", sample.currentRps()),
                String.format(java.util.Locale.ROOT, "%.6f", sample.currentFailPerSec())));
        fields.addAll(percentiles(sample.totalRequests(), sample.cumulativePercentilesMillis()));
        fields.addAll(List.of(sample.totalRequests(), sample.totalFailures(), StatsFormat.millis(sample.totalMedianMillis()),
                StatsFormat.pyFloat(sample.totalAvgMillis()), StatsFormat.millis(sample.totalMinMillis()),
                StatsFormat.millis(sample.totalMaxMillis()), StatsFormat.pyFloat(sample.totalAvgContentLength())));
        StatsFormat.csvRow(out, fields);
    }

    private static List<String> percentiles(long numRequests, List<Double> millis) {
        if (numRequests == 0) {
            return millis.stream().map(m -> "N/A").toList();
        }
        return millis.stream().map(StatsFormat::millis).toList();
    }

    private static List<String> header(List<String> before, List<String> after) {
        List<String> columns = new ArrayList<>(before);
        StatsSnapshot.REPORTED_PERCENTILES.forEach(q -> columns.add(StatsFormat.percentileLabel(q)));
        columns.addAll(after);
        return List.copyOf(columns);
    }
}
