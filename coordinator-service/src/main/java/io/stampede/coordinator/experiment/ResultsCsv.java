package io.stampede.coordinator.experiment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.stampede.coordinator.experiment.ResultsCatalog.MetricFigures;
import io.stampede.coordinator.experiment.ResultsCatalog.RunSummary;

/**
 * A listing as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes
 * doubled), one row per run, for a spreadsheet or pandas: the harness's plot is one
 * {@code scatter(achieved_rate, <metric>_max)} away. Each metric gets a max and a mean column;
 * a failed query leaves both empty and fills {@code <metric>_error}. A capacity search's steps are
 * rows of kind {@code search_step} naming their search's directory.
 */
public final class ResultsCsv {

    static final List<String> COLUMNS = List.of("suite", "test_name", "timestamp", "repeat", "start", "end",
            "requested_rate", "achieved_rate", "rps", "requests", "failures", "fail_ratio", "p50_ms", "p99_ms",
            "corrected_p50_ms", "corrected_p99_ms", "dropped", "exit_code", "stopped", "kind", "search", "search_step");

    private ResultsCsv() {
    }

    public static String of(List<RunSummary> runs) {
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(run -> metrics.addAll(run.metrics().keySet()));
        StringBuilder csv = new StringBuilder();
        List<String> header = new java.util.ArrayList<>(COLUMNS);
        for (String metric : metrics) {
            header.add(metric + "_max");
            header.add(metric + "_mean");
            header.add(metric + "_error");
        }
        line(csv, header);
        for (RunSummary run : runs) {
            List<String> row = new java.util.ArrayList<>(List.of(run.suite(), run.testName(), run.timestamp(),
                    Integer.toString(run.repeat()), java.time.Instant.ofEpochMilli(run.startEpochMs()).toString(),
                    java.time.Instant.ofEpochMilli(run.endEpochMs()).toString(), number(run.requestedRate()),
                    number(run.achievedRate()), number(run.rps()), Long.toString(run.requests()), Long.toString(run.failures()),
                    number(run.failRatio()), number(run.p50()), number(run.p99()), number(run.correctedP50()),
                    number(run.correctedP99()), Long.toString(run.dropped()), Integer.toString(run.exitCode()),
                    Boolean.toString(run.stopped()), run.kind(), run.search() == null ? "" : run.search(),
                    run.searchStep() == null ? "" : run.searchStep().toString()));
            for (String metric : metrics) {
                MetricFigures figures = run.metrics().get(metric);
                row.add(figures == null ? "" : number(figures.max()));
                row.add(figures == null ? "" : number(figures.mean()));
                row.add(figures == null || figures.error() == null ? "" : figures.error());
            }
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String quote(String field) {
        if (field.isEmpty()) {
            return field;
        }
        // A spreadsheet runs a cell starting with = + - @ as a formula: error texts come from Prometheus.
        String safe = "=+-@".indexOf(field.charAt(0)) >= 0 && !isNumber(field) ? "'" + field : field;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static boolean isNumber(String field) {
        try {
            Double.parseDouble(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String number(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "";
        }
        double rounded = Math.round(value * 1000) / 1000.0;
        return rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15
                ? Long.toString((long) rounded) : String.format(Locale.ROOT, "%s", rounded);
    }
}
