package io.stampede.coordinator.history;

/**
 * One second of a run's aggregated time series, as the live charts draw it and the history
 * keeps it. Response times are in milliseconds (Locust's unit).
 *
 * @param t          epoch millis of the sample
 * @param users      users alive
 * @param rps        requests per second (current)
 * @param failPerSec failures per second (current)
 * @param p50        current median response time
 * @param p95        current 95th percentile
 * @param p99        current 99th percentile
 */
public record SeriesPoint(long t, int users, double rps, double failPerSec, double p50, double p95, double p99) {
}
