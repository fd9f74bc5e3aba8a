package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.List;

import io.stampede.core.scenario.Threshold;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsSnapshot;

/** Evaluates a scenario's thresholds on the final stats; each breach is described for the console. */
public final class ThresholdCheck {

    private ThresholdCheck() {
    }

    /** @return one message per breached threshold; empty when all hold */
    public static List<String> breaches(List<Threshold> thresholds, StatsSnapshot snapshot) {
        List<String> breaches = new ArrayList<>();
        for (Threshold threshold : thresholds) {
            if (threshold.metric().isRunWide()) {
                double actual = measureRun(threshold.metric(), snapshot);
                if (!holds(threshold.operator(), actual, threshold.value())) {
                    breaches.add(threshold.source() + ": actual " + format(actual) + " for the run");
                }
                continue;
            }
            List<RequestStats> rows = threshold.request() == null
                    ? List.of(snapshot.total()) : snapshot.findByName(threshold.request());
            if (rows.isEmpty()) {
                breaches.add(threshold.source() + ": no request named '" + threshold.request() + "' was made");
                continue;
            }
            for (RequestStats row : rows) {
                double actual = measure(threshold.metric(), row);
                if (!holds(threshold.operator(), actual, threshold.value())) {
                    breaches.add(threshold.source() + ": actual " + format(actual) + " for "
                            + (row.isAggregated() ? "Aggregated" : row.method() + " " + row.name()));
                }
            }
        }
        return List.copyOf(breaches);
    }

    static double measure(Threshold.Metric metric, RequestStats row) {
        return switch (metric) {
            case AVG -> row.avgResponseTimeMillis();
            case MIN -> row.minResponseTimeMillis();
            case MAX -> row.maxResponseTimeMillis();
            case P50 -> row.percentileMillis(0.5);
            case P90 -> row.percentileMillis(0.9);
            case P95 -> row.percentileMillis(0.95);
            case P99 -> row.percentileMillis(0.99);
            case P999 -> row.percentileMillis(0.999);
            case CORRECTED_P50 -> row.correctedPercentileMillis(0.5);
            case CORRECTED_P90 -> row.correctedPercentileMillis(0.9);
            case CORRECTED_P95 -> row.correctedPercentileMillis(0.95);
            case CORRECTED_P99 -> row.correctedPercentileMillis(0.99);
            case CORRECTED_P999 -> row.correctedPercentileMillis(0.999);
            case FAIL_RATIO -> row.failRatio();
            case RPS -> row.totalRps();
            case NUM_FAILURES -> row.numFailures();
            case DROPPED_ITERATIONS, ACHIEVED_RATE -> throw new IllegalArgumentException(metric + " is run-wide");
        };
    }

    /** The run-wide figures; the achieved rate over the whole run, as {@code rps} is (the current one falls at the end). */
    static double measureRun(Threshold.Metric metric, StatsSnapshot snapshot) {
        return switch (metric) {
            case DROPPED_ITERATIONS -> snapshot.iterations().dropped();
            case ACHIEVED_RATE -> {
                double seconds = (snapshot.lastEpochMillis() - snapshot.startEpochMillis()) / 1000.0;
                yield seconds <= 0 ? 0 : snapshot.iterations().started() / seconds;
            }
            default -> throw new IllegalArgumentException(metric + " is per request");
        };
    }

    static boolean holds(Threshold.Operator operator, double actual, double limit) {
        return switch (operator) {
            case LT -> actual < limit;
            case LE -> actual <= limit;
            case GT -> actual > limit;
            case GE -> actual >= limit;
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.3f", value);
    }
}
