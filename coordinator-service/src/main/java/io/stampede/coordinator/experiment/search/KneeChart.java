package io.stampede.coordinator.experiment.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A search's latency-vs-rate chart: {@code search.json} (the result and every step, for the UI
 * and scripts) and {@code search.svg} (p99 against requested rate, sustainable steps green,
 * breaking ones red, the found rate as a vertical line) — self-contained, no script.
 */
public final class KneeChart {

    public static final String JSON_FILE = "search.json";
    public static final String SVG_FILE = "search.svg";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 50;

    private KneeChart() {
    }

    /** Writes {@code search.json} and {@code search.svg} into {@code dir} (created if missing). */
    public static void write(SearchResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), json(result));
        Files.writeString(dir.resolve(SVG_FILE), svg(result));
    }

    /** The result as JSON: {@code sustainable_rate} (null when none), outcome, SLO, plan and {@code points} in run order. */
    public static String json(SearchResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sustainable_rate", result.sustainableRate().isPresent() ? result.sustainableRate().getAsDouble() : null);
        doc.put("first_breaking_rate", result.firstBreakingRate().isPresent() ? result.firstBreakingRate().getAsDouble() : null);
        doc.put("outcome", result.outcome().name());
        Slo slo = result.slo();
        doc.put("slo", Map.of("max_p99_ms", slo.maxP99Millis(), "corrected_latency", slo.correctedLatency(),
                "max_fail_ratio", slo.maxFailRatio(), "min_achieved_ratio", slo.minAchievedRatio()));
        SearchPlan plan = result.plan();
        Map<String, Object> planDoc = new LinkedHashMap<>();
        planDoc.put("start_rate", plan.startRate());
        planDoc.put("factor", plan.factor());
        planDoc.put("step", plan.step());
        planDoc.put("max_rate", plan.maxRate());
        planDoc.put("precision", plan.precision());
        planDoc.put("hold_seconds", plan.hold().toMillis() / 1000.0);
        planDoc.put("max_probes", plan.maxProbes());
        planDoc.put("warm_up_seconds", plan.warmUp().toMillis() / 1000.0);
        doc.put("plan", planDoc);
        List<Map<String, Object>> points = new ArrayList<>();
        for (ProbePoint point : result.points()) {
            ProbeResult r = point.result();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("phase", point.phase().name());
            p.put("rate", point.rate());
            p.put("requested_rate", r.requestedRate());
            p.put("achieved_rate", finite(r.achievedRate()));
            p.put("p50_ms", finite(r.p50Millis()));
            p.put("p99_ms", finite(r.p99Millis()));
            p.put("corrected_p50_ms", finite(r.correctedP50Millis()));
            p.put("corrected_p99_ms", finite(r.correctedP99Millis()));
            p.put("fail_ratio", r.failRatio());
            p.put("meets_slo", point.meetsSlo());
            p.put("breaches", point.breaches());
            points.add(p);
        }
        doc.put("points", points);
        return JSON.writeValueAsString(doc);
    }

    /** JSON has no NaN: a step without any answer has no percentile. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** p99 (the SLO's basis) against rate for the judged steps, with the SLO's p99 bound as a dashed line. */
    public static String svg(SearchResult result) {
        boolean corrected = result.slo().correctedLatency();
        List<ProbePoint> points = result.points().stream().filter(ProbePoint::judged).sorted(Comparator.comparingDouble(ProbePoint::rate)).toList();
        double maxRate = points.stream().mapToDouble(ProbePoint::rate).max().orElse(1);
        double maxP99 = Math.max(result.slo().maxP99Millis() * 1.5, points.stream()
                .mapToDouble(p -> p99(p, corrected)).filter(Double::isFinite).max().orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<title>capacity search: %s p99 vs rate</title>%n", corrected ? "corrected" : "raw"));
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                MARGIN, MARGIN, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">rate (iterations/s), max %.1f</text>%n",
                WIDTH / 2, HEIGHT - 12, maxRate));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">"
                + "%sp99 (ms), max %.1f</text>%n", HEIGHT / 2, HEIGHT / 2, corrected ? "corrected " : "", maxP99));
        double sloY = y(result.slo().maxP99Millis(), maxP99);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c60\" stroke-dasharray=\"4 3\"/>%n",
                MARGIN, sloY, WIDTH - MARGIN, sloY));
        StringBuilder line = new StringBuilder();
        for (ProbePoint p : points) {
            double v = p99(p, corrected);
            if (Double.isFinite(v)) {
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.rate(), maxRate), y(v, maxP99)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#36c\"/>%n", line.toString().strip()));
        for (ProbePoint p : points) {
            double v = p99(p, corrected);
            double py = Double.isFinite(v) ? y(v, maxP99) : MARGIN;
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%.1f/s: %s</title></circle>%n",
                    x(p.rate(), maxRate), py, p.meetsSlo() ? "#2a2" : "#d22", p.rate(),
                    p.meetsSlo() ? "meets the SLO" : escape(String.join("; ", p.breaches()))));
        }
        if (result.sustainableRate().isPresent()) {
            double fx = x(result.sustainableRate().getAsDouble(), maxRate);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#2a2\"/>%n",
                    fx, MARGIN, fx, HEIGHT - MARGIN));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">sustainable %.1f/s</text>%n",
                    fx + 4, MARGIN + 14, result.sustainableRate().getAsDouble()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double p99(ProbePoint p, boolean corrected) {
        return corrected ? p.result().correctedP99Millis() : p.result().p99Millis();
    }

    private static double x(double rate, double maxRate) {
        return MARGIN + rate / maxRate * (WIDTH - 2 * MARGIN);
    }

    private static double y(double millis, double maxMillis) {
        return HEIGHT - MARGIN - Math.min(1, millis / maxMillis) * (HEIGHT - 2 * MARGIN);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
