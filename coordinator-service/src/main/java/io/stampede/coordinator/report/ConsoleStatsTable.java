package io.stampede.coordinator.report;

import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ErrorStats;
import io.stampede.core.stats.StatsSnapshot;

import java.util.Locale;

/**
 * Locust's console tables ({@code --print-stats}): the request table, the percentile table
 * and the error report, with Locust's column layout (80-column name field, as Locust uses
 * when stdout is not a terminal). Times below 100 ms keep decimals (Locust prints whole
 * milliseconds, which would show 0 for most requests to a nearby server).
 */
public final class ConsoleStatsTable {

    private static final int TYPE_WIDTH = 8;
    private static final int NAME_WIDTH = 80;
    private static final int ROW_NAME_WIDTH = NAME_WIDTH - TYPE_WIDTH + 4;

    private ConsoleStatsTable() {
    }

    /** The request table with current (last ~10 s) rates, as printed every 2 s during a run. */
    public static String render(StatsSnapshot snapshot) {
        return render(snapshot, true);
    }

    /**
     * @param current true: req/s and failures/s of the last ~10 s; false: over the whole run
     *                (Locust's final summary)
     */
    public static String render(StatsSnapshot snapshot, boolean current) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + TYPE_WIDTH + "s %-" + ROW_NAME_WIDTH + "s %7s %12s |%7s %7s %7s%7s | %7s %11s",
                "Type", "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s")).append('\n');
        String separator = "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(ROW_NAME_WIDTH) + "|" + "-".repeat(7) + "|"
                + "-".repeat(13) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|" + "-".repeat(7) + "|"
                + "-".repeat(7) + "|" + "-".repeat(8) + "|" + "-".repeat(11);
        out.append(separator).append('\n');
        for (RequestStats row : snapshot.entries()) {
            out.append(row(row, current)).append('\n');
        }
        out.append(separator).append('\n');
        out.append(row(snapshot.total(), current)).append('\n');
        return out.toString();
    }

    /** "Response time percentiles (approximated)" table: rows with requests only. */
    public static String renderPercentiles(StatsSnapshot snapshot) {
        StringBuilder out = new StringBuilder("Response time percentiles (approximated)\n");
        int columns = StatsSnapshot.REPORTED_PERCENTILES.size();
        // Locust's layout: the first percentile takes the 8-wide column, "# reqs" comes last.
        java.util.List<String> labels = new java.util.ArrayList<>();
        StatsSnapshot.REPORTED_PERCENTILES.forEach(q -> labels.add(StatsFormat.percentileLabel(q)));
        labels.add("# reqs");
        out.append(columns("Type", "Name", labels)).append('\n');
        String separator = "-".repeat(TYPE_WIDTH) + "|" + "-".repeat(NAME_WIDTH) + "|" + "-".repeat(8) + "|"
                + ("-".repeat(6) + "|").repeat(columns);
        separator = separator.substring(0, separator.length() - 1);
        out.append(separator).append('\n');
        for (RequestStats row : snapshot.entries()) {
            if (row.numRequests() > 0) {
                out.append(percentileRow(row)).append('\n');
            }
        }
        out.append(separator).append('\n');
        if (snapshot.total().numRequests() > 0) {
            out.append(percentileRow(snapshot.total())).append('\n');
        }
        return out.toString();
    }

    /** Locust's "Error report"; empty when there were no failures. */
    public static String renderErrors(StatsSnapshot snapshot) {
        if (snapshot.errors().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Error report\n");
        out.append(String.format(Locale.ROOT, "%-18s %-100s", "# occurrences", "Error")).append('\n');
        String separator = "-".repeat(18) + "|" + "-".repeat(80 + NAME_WIDTH - 19);
        out.append(separator).append('\n');
        for (ErrorStats error : snapshot.errors()) {
            out.append(String.format(Locale.ROOT, "%-18d %-100s", error.occurrences(),
                    error.method() + " " + error.name() + ": " + error.error())).append('\n');
        }
        out.append(separator).append('\n');
        return out.toString();
    }

    /** What Locust prints when a run ends: totals table, percentiles, errors. */
    public static String renderFinal(StatsSnapshot snapshot) {
        String errors = renderErrors(snapshot);
        return render(snapshot, false) + "\n" + renderPercentiles(snapshot) + (errors.isEmpty() ? "" : "\n" + errors);
    }

    private static String row(RequestStats row, boolean current) {
        double rps = current ? row.currentRps() : row.totalRps();
        double failPerSec = current ? row.currentFailPerSec() : row.totalFailPerSec();
        String type = row.method().isEmpty() ? "" : row.method() + " ";
        String fails = String.format(Locale.ROOT, "%d(%.2f%%)", row.numFailures(), row.failRatio() * 100);
        return String.format(Locale.ROOT, "%-" + TYPE_WIDTH + "s %-" + ROW_NAME_WIDTH + "s %7d %12s |%7s %7s %7s%7s | %7.2f %11.2f",
                type, row.name(), row.numRequests(), fails, time(row.avgResponseTimeMillis()),
                time(row.minResponseTimeMillis()), time(row.maxResponseTimeMillis()),
                time(row.medianResponseTimeMillis()), rps, failPerSec);
    }

    private static String percentileRow(RequestStats row) {
        java.util.List<String> values = new java.util.ArrayList<>();
        StatsSnapshot.REPORTED_PERCENTILES.forEach(q -> values.add(time(row.percentileMillis(q))));
        values.add(Long.toString(row.numRequests()));
        return columns(row.method(), row.name(), values);
    }

    private static String columns(String type, String name, java.util.List<String> values) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-" + TYPE_WIDTH + "s %-" + NAME_WIDTH + "s %8s",
                type, name, values.getFirst()));
        for (String value : values.subList(1, values.size())) {
            out.append(' ').append(String.format(Locale.ROOT, "%6s", value));
        }
        return out.toString();
    }

    /** Whole milliseconds from 100 ms up, else 1 or 2 decimals so fast responses stay visible. */
    static String time(double millis) {
        if (millis >= 100) {
            return Long.toString(Math.round(millis));
        }
        return String.format(Locale.ROOT, millis >= 10 ? "%.1f" : "%.2f", millis);
    }
}
