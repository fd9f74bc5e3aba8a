package io.stampede.core.scenario;

/**
 * A pass/fail criterion (k6 thresholds, Gatling assertions, Hyperfoil SLA) evaluated on the
 * final stats; a breach makes a headless run exit 1.
 *
 * @param request  the stats row name, or null for the Aggregated row
 * @param metric   what is measured
 * @param operator how it is compared
 * @param value    the limit (milliseconds for times, a ratio 0..1 for fail_ratio, requests/s for rps)
 * @param source   the threshold as written, for messages
 */
public record Threshold(String request, Metric metric, Operator operator, double value, String source) {

    public enum Metric { AVG, MIN, MAX, P50, P90, P95, P99, P999, FAIL_RATIO, RPS, NUM_FAILURES }

    public enum Operator { LT, LE, GT, GE }
}
