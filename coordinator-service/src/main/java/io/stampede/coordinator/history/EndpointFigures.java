package io.stampede.coordinator.history;

import io.stampede.coordinator.report.StatsFormat;
import io.stampede.core.stats.RequestStats;
import tools.jackson.databind.JsonNode;

/**
 * Whole-run figures of one row of a stats document (an endpoint or the Aggregated row).
 * Response times in milliseconds; {@code rps} is the row's requests over the run's duration.
 */
public record EndpointFigures(String method, String name, long requests, long failures, double rps, double avg,
                              double p50, double p95, double p99, double max) {

    static final String AGGREGATED = "Aggregated";

    /**
     * The figures of one row of a run's stats, with the values (and rounding) its stats
     * document shows.
     */
    public static EndpointFigures of(RequestStats row, long durationMillis) {
        return new EndpointFigures(row.isAggregated() ? "" : row.method(), row.name(), row.numRequests(),
                row.numFailures(), rps(row.numRequests(), durationMillis), row.avgResponseTimeMillis(),
                StatsFormat.roundMillis(row.percentileMillis(0.5)), StatsFormat.roundMillis(row.percentileMillis(0.95)),
                StatsFormat.roundMillis(row.percentileMillis(0.99)), StatsFormat.roundMillis(row.maxResponseTimeMillis()));
    }

    /** Reads a row of {@code stats[]} of a stored stats document, in Locust's field names. */
    public static EndpointFigures of(JsonNode row, long durationMillis) {
        long requests = row.path("num_requests").asLong(0);
        return new EndpointFigures(
                row.path("method").asString(""),
                row.path("name").asString(""),
                requests,
                row.path("num_failures").asLong(0),
                rps(requests, durationMillis),
                row.path("avg_response_time").asDouble(0),
                percentile(row, "0.5", "median_response_time"),
                percentile(row, "0.95", null),
                percentile(row, "0.99", null),
                row.path("max_response_time").asDouble(0));
    }

    private static double rps(long requests, long durationMillis) {
        double seconds = durationMillis / 1000.0;
        return seconds > 0 ? requests / seconds : 0;
    }

    boolean isAggregated() {
        return AGGREGATED.equals(name);
    }

    String key() {
        return method + " " + name;
    }

    private static double percentile(JsonNode row, String quantile, String fallbackField) {
        JsonNode value = row.path("response_time_percentile_" + quantile);
        if (value.isNumber()) {
            return value.asDouble();
        }
        return fallbackField == null ? 0 : row.path(fallbackField).asDouble(0);
    }
}
