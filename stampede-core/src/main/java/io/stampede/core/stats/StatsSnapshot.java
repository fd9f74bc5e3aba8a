package io.stampede.core.stats;

import java.util.List;
import java.util.Optional;

/**
 * The coordinator's stats at one instant: what Locust's UI, CSVs and console show.
 *
 * @param epochMillis           when the snapshot was taken
 * @param startEpochMillis      start of the first merged interval since the last reset; 0 when none
 * @param lastEpochMillis       end of the latest merged interval; 0 when none
 * @param entries               one row per (method, name), sorted by name then method
 * @param total                 the {@code Aggregated} row
 * @param errors                failures by (method, name, error), sorted by name, method, error
 * @param currentResponseTimes  the Aggregated response times of the last ~10 s
 * @param lastSecond            the Aggregated samples of the latest complete second
 * @param iterations            open-model iterations started and dropped (zeros for the closed model)
 */
public record StatsSnapshot(long epochMillis, long startEpochMillis, long lastEpochMillis, List<RequestStats> entries,
                            RequestStats total, List<ErrorStats> errors, ResponseTimeDistribution currentResponseTimes,
                            SecondStats lastSecond, IterationStats iterations) {

    /** The quantiles Locust reports (its {@code PERCENTILES_TO_REPORT}). */
    public static final List<Double> REPORTED_PERCENTILES =
            List.of(0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0);

    /** The quantiles Locust charts as "current" response times (its {@code PERCENTILES_TO_CHART}). */
    public static final List<Double> CHARTED_PERCENTILES = List.of(0.5, 0.95);

    public StatsSnapshot {
        entries = List.copyOf(entries);
        errors = List.copyOf(errors);
        iterations = iterations == null ? IterationStats.NONE : iterations;
    }

    public StatsSnapshot(long epochMillis, long startEpochMillis, long lastEpochMillis, List<RequestStats> entries,
                         RequestStats total, List<ErrorStats> errors, ResponseTimeDistribution currentResponseTimes,
                         SecondStats lastSecond) {
        this(epochMillis, startEpochMillis, lastEpochMillis, entries, total, errors, currentResponseTimes, lastSecond,
                IterationStats.NONE);
    }

    public long numRequests() {
        return total.numRequests();
    }

    public long numFailures() {
        return total.numFailures();
    }

    public double totalRps() {
        return total.totalRps();
    }

    public double totalFailPerSec() {
        return total.totalFailPerSec();
    }

    public double currentRps() {
        return total.currentRps();
    }

    public double currentFailPerSec() {
        return total.currentFailPerSec();
    }

    public double failRatio() {
        return total.failRatio();
    }

    /** A percentile (ms) of the Aggregated response times of the last ~10 s; 0 when none. */
    public double currentResponseTimePercentileMillis(double quantile) {
        return currentResponseTimes.percentileMillis(quantile);
    }

    /** The row of (method, name); for the Aggregated row use {@link #total()}. */
    public Optional<RequestStats> find(String method, String name) {
        return entries.stream().filter(e -> e.method().equals(method) && e.name().equals(name)).findFirst();
    }

    /** Every row named {@code name}, whatever its method, sorted by method. */
    public List<RequestStats> findByName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).toList();
    }

    /**
     * The row named {@code name} whatever its method (all methods combined when there are
     * several, method {@code ""}); {@value RequestStats#AGGREGATED} gives the total row.
     */
    public Optional<RequestStats> rowForName(String name) {
        List<RequestStats> rows = findByName(name);
        if (rows.isEmpty()) {
            return RequestStats.AGGREGATED.equals(name) ? Optional.of(total) : Optional.empty();
        }
        return Optional.of(rows.size() == 1 ? rows.getFirst() : RequestStats.combine("", name, rows));
    }

    /** The rows followed by the Aggregated row, the order of Locust's tables and CSVs. */
    public List<RequestStats> rowsWithTotal() {
        var rows = new java.util.ArrayList<RequestStats>(entries.size() + 1);
        rows.addAll(entries);
        rows.add(total);
        return List.copyOf(rows);
    }
}
