package io.stampede.coordinator.history;

import io.stampede.core.stats.StatsSnapshot;

/**
 * Whole-run numbers of the {@code Aggregated} row, kept in the run list so it is cheap to show.
 * Response times in milliseconds; {@code rps} is requests over the run's duration.
 */
public record RunTotals(long requests, long failures, double rps, double failRatio, double avg, double p50,
                        double p95, double p99, double max) {

    public static final RunTotals EMPTY = new RunTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Totals of a run's final stats. */
    public static RunTotals of(StatsSnapshot snapshot, long durationMillis) {
        EndpointFigures f = EndpointFigures.of(snapshot.total(), durationMillis);
        double failRatio = f.requests() == 0 ? 0 : (double) f.failures() / f.requests();
        return new RunTotals(f.requests(), f.failures(), f.rps(), failRatio, f.avg(), f.p50(), f.p95(), f.p99(), f.max());
    }
}
