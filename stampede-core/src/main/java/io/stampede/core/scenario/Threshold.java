package io.stampede.core.scenario;

/**
 * A pass/fail criterion (k6 thresholds, Gatling assertions, Hyperfoil SLA) evaluated on the
 * final stats; a breach makes a headless run exit 1.
 *
 * @param request  the stats row name, or null for the Aggregated row (always null for run-wide metrics)
 * @param metric   what is measured
 * @param operator how it is compared
 * @param value    the limit (milliseconds for times, a ratio 0..1 for fail_ratio, requests/s for rps,
 *                 iterations/s for achieved_rate)
 * @param source   the threshold as written, for messages
 */
public record Threshold(String request, Metric metric, Operator operator, double value, String source) {

    /**
     * The {@code p*} percentiles are service times (from the moment a request was sent); the
     * {@code corrected_p*} ones are measured from each iteration's intended start (coordinated
     * omission corrected). {@code dropped_iterations} and {@code achieved_rate} (iterations started
     * per second over the run) are open-model figures of the whole run, not of a request row.
     */
    public enum Metric {
        AVG, MIN, MAX, P50, P90, P95, P99, P999, FAIL_RATIO, RPS, NUM_FAILURES,
        CORRECTED_P50, CORRECTED_P90, CORRECTED_P95, CORRECTED_P99, CORRECTED_P999,
        DROPPED_ITERATIONS, ACHIEVED_RATE;

        /** Measured in milliseconds: limits may be written as durations. */
        public boolean isTime() {
            return switch (this) {
                case AVG, MIN, MAX, P50, P90, P95, P99, P999,
                     CORRECTED_P50, CORRECTED_P90, CORRECTED_P95, CORRECTED_P99, CORRECTED_P999 -> true;
                default -> false;
            };
        }

        /** A figure of the whole run, not of a request row: {@code request:} does not apply. */
        public boolean isRunWide() {
            return this == DROPPED_ITERATIONS || this == ACHIEVED_RATE;
        }
    }

    public enum Operator { LT, LE, GT, GE }
}
