package io.stampede.coordinator.history;

import tools.jackson.databind.JsonNode;

/**
 * Whole-run numbers of the {@code Aggregated} row, kept in the run list so it is cheap to show.
 * Response times in milliseconds; {@code rps} is requests over the run's duration.
 */
public record RunTotals(long requests, long failures, double rps, double failRatio, double avg, double p50,
                        double p95, double p99, double max) {

    public static final RunTotals EMPTY = new RunTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Totals of the Aggregated row of a stats document (the last row of {@code stats[]}). */
    public static RunTotals of(JsonNode statsDocument, long durationMillis) {
        if (statsDocument == null) {
            return EMPTY;
        }
        JsonNode aggregated = null;
        for (JsonNode row : statsDocument.path("stats")) {
            if (EndpointFigures.AGGREGATED.equals(row.path("name").asString(""))) {
                aggregated = row;
            }
        }
        if (aggregated == null) {
            return EMPTY;
        }
        EndpointFigures f = EndpointFigures.of(aggregated, durationMillis);
        double failRatio = f.requests() == 0 ? 0 : (double) f.failures() / f.requests();
        return new RunTotals(f.requests(), f.failures(), f.rps(), failRatio, f.avg(), f.p50(), f.p95(), f.p99(), f.max());
    }
}
