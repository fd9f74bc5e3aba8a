package io.stampede.coordinator.report;

import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ErrorStats;
import io.stampede.core.stats.StatsSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report: inline CSS and SVG charts, no script, no external resource, so
 * it opens offline and can be archived as a CI artifact. All text from the run is escaped.
 */
public final class HtmlReport {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int CHART_WIDTH = 960;
    private static final int CHART_HEIGHT = 240;
    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_BOTTOM = 28;
    private static final int MARGIN_TOP = 12;
    private static final int MAX_POINTS = 900;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2733;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
            .info{display:grid;grid-template-columns:max-content auto;gap:2px 16px;font-size:14px}
            .info dt{color:#5b6b7b}.info dd{margin:0}
            table{border-collapse:collapse;font-size:13px;width:100%}
            th,td{border-bottom:1px solid #e3e8ee;padding:4px 8px;text-align:right;white-space:nowrap}
            th{background:#f4f6f9;position:sticky;top:0}
            td.text,th.text{text-align:left}
            td.wrap{white-space:normal;overflow-wrap:anywhere;min-width:8em;max-width:40em}
            .scroll{overflow-x:auto}
            tr.total td{font-weight:600;border-top:2px solid #c9d2dc}
            .chart{margin:8px 0 16px}.chart svg{max-width:100%;height:auto;border:1px solid #e3e8ee}
            .legend span{display:inline-block;margin-right:16px;font-size:13px}
            .legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
            .empty{color:#5b6b7b;font-style:italic}
            .warning{background:#fff4e0;border-left:4px solid #e09f1f;padding:6px 10px;font-size:14px}
            """;

    private HtmlReport() {
    }

    public static String render(ReportInfo info, StatsSnapshot snapshot, StatsHistory history) {
        return render(info, snapshot, history.samples());
    }

    public static String render(ReportInfo info, StatsSnapshot snapshot, List<HistorySample> history) {
        return render(info, snapshot, history, List.of());
    }

    /** @param warnings what the reader must know to trust the figures (e.g. requests a dead worker took along,
     *                 users a worker refused) */
    public static String render(ReportInfo info, StatsSnapshot snapshot, List<HistorySample> history,
                                List<String> warnings) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Stampede report: ").append(esc(info.scenarioName())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        out.append("<h1>Stampede report: ").append(esc(info.scenarioName())).append("</h1>\n<dl class=\"info\">");
        info(out, "Scenario", info.scenarioName());
        info(out, "Target host", info.host() == null ? "" : info.host());
        info(out, "Start", DATE_TIME.format(Instant.ofEpochMilli(info.startEpochMillis())));
        info(out, "End", DATE_TIME.format(Instant.ofEpochMilli(info.endEpochMillis())));
        info(out, "Duration", duration(info.endEpochMillis() - info.startEpochMillis()));
        if (info.load() != null) {
            info(out, "Workload", info.load().describe());
        } else {
            info(out, "Users", Integer.toString(info.users()));
        }
        info(out, "Requests", snapshot.numRequests() + " (" + snapshot.numFailures() + " failed, "
                + String.format(Locale.ROOT, "%.2f", snapshot.failRatio() * 100) + "%)");
        info(out, "Throughput", String.format(Locale.ROOT, "%.2f req/s", snapshot.totalRps()));
        out.append("</dl>\n");
        for (String warning : warnings) {
            out.append("<p class=\"warning generator-warning\">").append(esc(warning)).append("</p>\n");
        }

        out.append("<h2>Request statistics</h2>\n<div class=\"scroll\"><table><thead><tr><th class=\"text\">Type</th><th class=\"text\">Name</th>")
                .append("<th># Requests</th><th># Fails</th><th>Avg (ms)</th><th>Min (ms)</th><th>Max (ms)</th>")
                .append("<th>p50 (ms)</th><th>p90 (ms)</th><th>p95 (ms)</th><th>p99 (ms)</th><th>p99.9 (ms)</th>")
                .append("<th>Avg size (bytes)</th><th>RPS</th><th>Failures/s</th></tr></thead><tbody>\n");
        for (RequestStats row : snapshot.rowsWithTotal()) {
            out.append(row.isAggregated() ? "<tr class=\"total\">" : "<tr>")
                    .append("<td class=\"text\">").append(esc(row.method())).append("</td>")
                    .append("<td class=\"text wrap\">").append(esc(row.name())).append("</td>")
                    .append(td(Long.toString(row.numRequests()))).append(td(Long.toString(row.numFailures())))
                    .append(td(fixed(row.avgResponseTimeMillis()))).append(td(fixed(row.minResponseTimeMillis())))
                    .append(td(fixed(row.maxResponseTimeMillis()))).append(td(fixed(row.percentileMillis(0.5))))
                    .append(td(fixed(row.percentileMillis(0.9)))).append(td(fixed(row.percentileMillis(0.95))))
                    .append(td(fixed(row.percentileMillis(0.99)))).append(td(fixed(row.percentileMillis(0.999))))
                    .append(td(String.format(Locale.ROOT, "%.0f", row.avgContentLength())))
                    .append(td(fixed(row.totalRps()))).append(td(fixed(row.totalFailPerSec()))).append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");

        java.util.Optional<OpenModelSummary> openModel = OpenModelSummary.of(info, snapshot);
        openModel.ifPresent(summary -> openModel(out, summary));
        if (openModel.isPresent() || anyLate(snapshot)) {
            correctedTable(out, snapshot);
        }

        out.append("<h2>Failures</h2>\n");
        if (snapshot.errors().isEmpty()) {
            out.append("<p class=\"empty\">No failures.</p>\n");
        } else {
            out.append("<div class=\"scroll\"><table><thead><tr><th class=\"text\">Method</th><th class=\"text\">Name</th>")
                    .append("<th class=\"text\">Error</th><th>Occurrences</th></tr></thead><tbody>\n");
            for (ErrorStats error : snapshot.errors()) {
                out.append("<tr><td class=\"text\">").append(esc(error.method())).append("</td><td class=\"text\">")
                        .append(esc(error.name())).append("</td><td class=\"text wrap\">").append(esc(error.error()))
                        .append("</td>").append(td(Long.toString(error.occurrences()))).append("</tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }

        out.append("<h2>Charts</h2>\n");
        if (history.size() < 2) {
            out.append("<p class=\"empty\">Not enough history for charts.</p>\n");
        } else {
            List<HistorySample> points = downsample(history);
            chart(out, "Requests per second", points, List.of(
                    new Series("RPS", "#2a7ae2", HistorySample::currentRps),
                    new Series("Failures/s", "#d6453d", HistorySample::currentFailPerSec)));
            chart(out, "Response times (ms)", points, List.of(
                    new Series("p50", "#2a9d5c", HistorySample::currentP50Millis),
                    new Series("p95", "#e09f1f", HistorySample::currentP95Millis),
                    new Series("p99 (per second)", "#8e44ad", HistorySample::secondP99Millis)));
            chart(out, "Number of users", points, List.of(
                    new Series("Users", "#4b5b6b", s -> s.userCount())));
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void openModel(StringBuilder out, OpenModelSummary summary) {
        out.append("<h2>Open model</h2>\n<dl class=\"info\" id=\"open-model\">");
        if (summary.shape() != null) {
            info(out, "Rate", summary.shape());
        }
        if (summary.requestedKnown()) {
            info(out, "Requested", String.format(Locale.ROOT, "%.2f iterations/s (%.0f iterations due)",
                    summary.requestedRate(), summary.requestedIterations()));
        }
        info(out, "Achieved", String.format(Locale.ROOT, "%.2f iterations/s (%d iterations started)",
                summary.achievedRate(), summary.started()));
        info(out, "Dropped iterations", Long.toString(summary.dropped()));
        info(out, "Schedule lag p99", fixed(summary.scheduleLagP99Millis()) + " ms");
        out.append("</dl>\n");
        for (String warning : summary.warnings()) {
            out.append("<p class=\"warning\">").append(esc(warning)).append("</p>\n");
        }
    }

    /** Whether some request started after its intended start, i.e. the corrected times differ. */
    private static boolean anyLate(StatsSnapshot snapshot) {
        RequestStats total = snapshot.total();
        return total.correctedResponseTimes() != total.responseTimes()
                && total.correctedPercentileMillis(0.999) > total.percentileMillis(0.999);
    }

    /** The percentiles once more, measured from each iteration's intended start, beside the service times. */
    private static void correctedTable(StringBuilder out, StatsSnapshot snapshot) {
        out.append("<h2>Response times from the intended start (corrected)</h2>\n<p>Each request's time counted from"
                + " when its iteration was due, not from when it was sent: a stalled target shows here even if the"
                + " generator started fewer requests meanwhile. Service times in brackets.</p>\n")
                .append("<div class=\"scroll\"><table id=\"corrected\"><thead><tr><th class=\"text\">Type</th>")
                .append("<th class=\"text\">Name</th>");
        for (double q : StatsSnapshot.REPORTED_PERCENTILES) {
            out.append("<th>").append(esc(StatsFormat.percentileLabel(q))).append(" (ms)</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (RequestStats row : snapshot.rowsWithTotal()) {
            out.append(row.isAggregated() ? "<tr class=\"total\">" : "<tr>")
                    .append("<td class=\"text\">").append(esc(row.method())).append("</td>")
                    .append("<td class=\"text wrap\">").append(esc(row.name())).append("</td>");
            for (double q : StatsSnapshot.REPORTED_PERCENTILES) {
                out.append(td(fixed(row.correctedPercentileMillis(q)) + " (" + fixed(row.percentileMillis(q)) + ")"));
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
    }

    private record Series(String name, String color, ToDoubleFunction<HistorySample> value) {
    }

    private static void chart(StringBuilder out, String title, List<HistorySample> points, List<Series> series) {
        double max = 0;
        for (Series s : series) {
            for (HistorySample p : points) {
                max = Math.max(max, s.value().applyAsDouble(p));
            }
        }
        double top = niceCeiling(max);
        long t0 = points.getFirst().epochMillis();
        long t1 = points.getLast().epochMillis();
        double plotWidth = CHART_WIDTH - MARGIN_LEFT - 12;
        double plotHeight = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
        out.append("<div class=\"chart\"><h3 style=\"font-size:14px;margin:4px 0\">").append(esc(title)).append("</h3>")
                .append("<div class=\"legend\">");
        for (Series s : series) {
            out.append("<span><i style=\"background:").append(s.color()).append("\"></i>").append(esc(s.name())).append("</span>");
        }
        out.append("</div><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
                .append(CHART_HEIGHT).append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        // Grid lines and y labels at 0, 1/4 ... top.
        for (int i = 0; i <= 4; i++) {
            double y = MARGIN_TOP + plotHeight - plotHeight * i / 4;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e8ee\"/>",
                    MARGIN_LEFT, y, CHART_WIDTH - 12, y));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6b7b\">%s</text>",
                    MARGIN_LEFT - 6, y + 4, esc(axisLabel(top * i / 4))));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5b6b7b\">%s</text>",
                MARGIN_LEFT, CHART_HEIGHT - 8, TIME.format(Instant.ofEpochMilli(t0))));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6b7b\">%s</text>",
                CHART_WIDTH - 12, CHART_HEIGHT - 8, TIME.format(Instant.ofEpochMilli(t1))));
        for (Series s : series) {
            out.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(s.color()).append("\" points=\"");
            for (HistorySample p : points) {
                double x = MARGIN_LEFT + (t1 == t0 ? 0 : plotWidth * (p.epochMillis() - t0) / (t1 - t0));
                double y = MARGIN_TOP + plotHeight - (top == 0 ? 0 : plotHeight * s.value().applyAsDouble(p) / top);
                out.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            out.append("\"/>");
        }
        out.append("</svg></div>\n");
    }

    /** At most {@value #MAX_POINTS} points: each kept point stands for an equal run of samples. */
    private static List<HistorySample> downsample(List<HistorySample> history) {
        if (history.size() <= MAX_POINTS) {
            return history;
        }
        List<HistorySample> points = new ArrayList<>(MAX_POINTS);
        double step = (double) history.size() / MAX_POINTS;
        for (int i = 0; i < MAX_POINTS; i++) {
            // The largest value of each run would need a per-series pick; the last sample keeps lines honest in time.
            points.add(history.get(Math.min(history.size() - 1, (int) Math.floor((i + 1) * step) - 1)));
        }
        return points;
    }

    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= max) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String axisLabel(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void info(StringBuilder out, String term, String value) {
        out.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String duration(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return String.format(Locale.ROOT, "%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private static String esc(String text) {
        return StatsFormat.html(text);
    }
}
