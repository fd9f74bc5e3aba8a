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
 */
public record SeriesPoint(long t, int users, double rps, double failPerSec, Double p50, Double p95, Double p99) {
}
