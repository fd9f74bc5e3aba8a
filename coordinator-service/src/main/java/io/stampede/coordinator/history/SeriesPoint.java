package io.stampede.coordinator.history;

/**
 * One second of a run's aggregated time series, as the live charts draw it and the history
 * keeps it. Response times are in milliseconds (Locust's unit).
 *
 * @param t          epoch millis of the sample
 * @param users      users alive
 * @param rps        requests per second (current)
 * @param failPerSec failures per second (current)
 * @param p50        median response time of that second, null when nothing was answered in it
 * @param p95        95th percentile of that second
 * @param p99        99th percentile of that second
 * @param cp50       median response time measured from each iteration's intended start (coordinated
 *                   omission corrected), over the run so far (cumulative: per-second corrected
 *                   percentiles are not kept); null before the first response
 * @param cp95       the same, 95th percentile
 * @param cp99       the same, 99th percentile
 * @param achievedRate open model: iterations started per second (last ~10 s); null for the closed model
 */
public record SeriesPoint(long t, int users, double rps, double failPerSec, Double p50, Double p95, Double p99,
                          Double cp50, Double cp95, Double cp99, Double achievedRate) {

    /** A point without corrected times or iterations (closed model, or stored before they were charted). */
    public SeriesPoint(long t, int users, double rps, double failPerSec, Double p50, Double p95, Double p99) {
        this(t, users, rps, failPerSec, p50, p95, p99, null, null, null, null);
    }
}
