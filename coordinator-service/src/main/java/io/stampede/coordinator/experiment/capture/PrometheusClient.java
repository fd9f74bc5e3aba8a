package io.stampede.coordinator.experiment.capture;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus' HTTP API: a readiness check before a suite starts and range queries over each
 * run's time span.
 */
public final class PrometheusClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    /** @param base e.g. {@code http://prometheus:9090} (a path prefix such as {@code /prometheus} is kept) */
    public PrometheusClient(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public String url() {
        String text = base.toString();
        return text.substring(0, text.length() - 1);
    }

    /**
     * Asks {@code /api/v1/status/buildinfo}: Prometheus answers it once it serves queries.
     *
     * @throws PrometheusUnavailable naming the URL and what went wrong
     */
    public void checkReachable() throws InterruptedException {
        URI uri = base.resolve("api/v1/status/buildinfo");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new PrometheusUnavailable("Prometheus at " + url() + " answered " + uri.getPath() + " with HTTP "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asString(""))) {
                throw new PrometheusUnavailable("Prometheus at " + url() + ": " + uri.getPath() + " is not the Prometheus API: "
                        + abbreviate(response.body()));
            }
        } catch (IOException e) {
            throw new PrometheusUnavailable("Prometheus at " + url() + " is unreachable: " + describe(e));
        } catch (tools.jackson.core.JacksonException e) {
            throw new PrometheusUnavailable("Prometheus at " + url() + ": " + uri.getPath() + " did not answer JSON: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * {@code /api/v1/query_range} over [start, end]. Never throws for a failing query: the
     * result carries the error, and a body in the API's error format when Prometheus gave none.
     */
    public QueryResult rangeQuery(String promql, Instant start, Instant end, Duration step) throws InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", seconds(step));
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        // POST: a long PromQL fits no URL limit (the API takes the same form either way).
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/query_range")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String error = errorOf(response.statusCode(), response.body());
            return new QueryResult(response.body(), error);
        } catch (IOException e) {
            String error = "query failed: " + describe(e);
            return new QueryResult(errorBody(error), error);
        }
    }

    /** The API's error, or the HTTP status when the body is no API answer; null on success. */
    private static String errorOf(int status, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (status == 200 && "success".equals(json.path("status").asString(""))) {
                return null;
            }
            String error = json.path("error").asString("");
            return error.isEmpty() ? "HTTP " + status + ": " + abbreviate(body) : json.path("errorType").asString("error") + ": " + error;
        } catch (tools.jackson.core.JacksonException e) {
            return "HTTP " + status + ", not JSON: " + abbreviate(body);
        }
    }

    /** A body in the API's own error shape, for a query that got no answer at all. */
    private static String errorBody(String error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", "unavailable");
        body.put("error", error);
        return JSON.writeValueAsString(body);
    }

    private static String seconds(Instant instant) {
        return java.math.BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /**
     * One range query's outcome.
     *
     * @param body  the HTTP API's response body as returned (or an error body in its format when none came)
     * @param error null on success; else what failed
     */
    public record QueryResult(String body, String error) {
    }

    /** Prometheus cannot be used: nothing should run. */
    public static final class PrometheusUnavailable extends RuntimeException {
        public PrometheusUnavailable(String message) {
            super(message);
        }
    }
}
