package io.stampede.coordinator.history;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Finished runs as the recorder would hand them over, with a Locust-shaped stats document. */
final class SampleRuns {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SampleRuns() {
    }

    /** A run of {@code seconds} with the given endpoints: name → {requests, failures, p95 ms}. */
    static FinishedRun run(String id, long startedAt, int seconds, Map<String, long[]> endpoints) {
        StringBuilder rows = new StringBuilder();
        long requests = 0;
        long failures = 0;
        for (var e : endpoints.entrySet()) {
            long[] v = e.getValue();
            requests += v[0];
            failures += v[1];
            rows.append(row("GET", e.getKey(), v[0], v[1], v[2])).append(',');
        }
        // The Aggregated row's figures are the totals below: avg and p50 50 ms, p95 100, p99 200, max 300.
        rows.append(row(null, "Aggregated", requests, failures, 100));
        JsonNode document = MAPPER.readTree("{\"stats\":[" + rows + "],\"errors\":[],\"state\":\"stopped\"}");
        long endedAt = startedAt + seconds * 1000L;
        RunSummary summary = new RunSummary(id, "todo-crud", "todo-crud.yaml", new RunParameters(10, 2, "http://127.0.0.1:8080", "30s"),
                startedAt, endedAt, new RunTotals(requests, failures, requests / (double) seconds,
                requests == 0 ? 0 : (double) failures / requests, 50, 50, 100, 200, 300));
        List<SeriesPoint> series = List.of(new SeriesPoint(startedAt + 1000, 2, 5, 0, 1.0, 2.0, 3.0),
                new SeriesPoint(startedAt + 2000, 4, 9, 1, 1.5, 2.5, 4.0));
        return new FinishedRun(summary, "name: todo-crud\n", document, series, Map.of(
                RunArtifact.STATS_CSV, "Type,Name,Request Count\nGET,/todo," + requests + "\n",
                RunArtifact.REPORT_HTML, "<html><body>report " + id + "</body></html>"));
    }

    private static String row(String method, String name, long requests, long failures, long p95) {
        return """
                {"method":%s,"name":"%s","num_requests":%d,"num_failures":%d,"avg_response_time":%d,
                 "median_response_time":%d,"max_response_time":%d,"response_time_percentile_0.5":%d,
                 "response_time_percentile_0.95":%d,"response_time_percentile_0.99":%d}"""
                .formatted(method == null ? "null" : "\"" + method + "\"", name, requests, failures, p95 / 2, p95 / 2,
                        p95 * 3, p95 / 2, p95, p95 * 2);
    }
}
