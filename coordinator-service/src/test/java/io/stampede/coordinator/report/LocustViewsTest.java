package io.stampede.coordinator.report;

import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsSnapshot;
import io.stampede.core.stats.StatsRecorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LocustViewsTest {

    private static final long BASE = 1_700_000_000_000L;

    private StatsSnapshot snapshot;
    private StatsHistory history;

    @BeforeEach
    void runTwentySeconds() {
        StatsAggregator aggregator = new StatsAggregator();
        history = new StatsHistory();
        for (int s = 0; s < 20; s++) {
            long end = BASE + (s + 1) * 1000L;
            StatsRecorder recorder = new StatsRecorder(clock(end - 1000, end));
            for (int i = 0; i < 10; i++) {
                recorder.record("GET", "/items/<script>alert(1)</script>", 2_000 + i * 100, 512, null);
                recorder.record("POST", "/items", 8_000, 64, i == 0 ? "HTTPError('500, \"oops\"')" : null);
            }
            aggregator.merge(recorder.drain());
            history.sample(aggregator.snapshot(end + 500), 7);
        }
        snapshot = aggregator.snapshot(BASE + 21_500);
    }

    @Test
    void jsonDocumentHasLocustFieldNamesAndAggregatedLast() {
        Map<String, Object> document = LocustStatsDocument.build(snapshot, new RunStatusView("running", 7,
                List.of(new RunStatusView.WorkerRow("w1", "running", 7, 12.5, 123_456_789L))));
        JsonNode json = JsonMapper.builder().build().valueToTree(document);

        assertThat(json.propertyNames()).containsExactly("stats", "errors", "current_rps", "current_fail_per_sec",
                "total_rps", "total_fail_per_sec", "fail_ratio", "current_response_time_percentiles",
                "requested_rate", "achieved_rate", "iterations_started", "dropped_iterations", "schedule_lag_percentiles",
                "generator_warnings", "unaccounted_requests", "workers", "worker_count", "state", "user_count");
        JsonNode stats = json.get("stats");
        assertThat(stats).hasSize(3);
        assertThat(stats.get(0).get("name").asString()).isEqualTo("/items");
        assertThat(stats.get(0).get("method").asString()).isEqualTo("POST");
        assertThat(stats.get(1).get("safe_name").asString()).isEqualTo("/items/&lt;script&gt;alert(1)&lt;/script&gt;");
        JsonNode aggregated = stats.get(2);
        assertThat(aggregated.get("name").asString()).isEqualTo("Aggregated");
        assertThat(aggregated.get("method").isNull()).isTrue();
        assertThat(aggregated.propertyNames()).contains("method", "name", "safe_name", "num_requests", "num_failures",
                "avg_response_time", "min_response_time", "max_response_time", "current_rps", "current_fail_per_sec",
                "median_response_time", "ninetieth_response_time", "ninety_ninth_response_time", "avg_content_length",
                "total_rps", "total_fail_per_sec", "response_time_percentile_0.5", "response_time_percentile_0.66",
                "response_time_percentile_0.95", "response_time_percentile_0.99", "response_time_percentile_0.999",
                "response_time_percentile_1.0");
        assertThat(aggregated.get("num_requests").asLong()).isEqualTo(400);
        assertThat(aggregated.get("num_failures").asLong()).isEqualTo(20);
        assertThat(aggregated.get("max_response_time").asDouble()).isEqualTo(8.0);
        assertThat(aggregated.get("min_response_time").asDouble()).isEqualTo(2.0);
        // 200 GETs of 2.0..2.9 ms and 200 POSTs of 8 ms: the 200th of 400 sorted values is 2.9 ms.
        assertThat(aggregated.get("response_time_percentile_0.5").asDouble()).isEqualTo(2.9);
        assertThat(aggregated.get("median_response_time").asDouble()).isEqualTo(2.9);
        assertThat(aggregated.get("response_time_percentile_0.66").asDouble()).isEqualTo(8.0);
        assertThat(json.get("current_rps").asDouble()).isEqualTo(20.0);
        assertThat(json.get("fail_ratio").asDouble()).isEqualTo(0.05);
        assertThat(json.get("current_response_time_percentiles").propertyNames())
                .containsExactly("response_time_percentile_0.5", "response_time_percentile_0.95");
        assertThat(json.get("errors").get(0).propertyNames())
                .containsExactly("method", "name", "error", "occurrences", "first_seen", "last_seen");
        assertThat(json.get("errors").get(0).get("occurrences").asLong()).isEqualTo(20);
        assertThat(json.get("workers").get(0).propertyNames())
                .containsExactly("id", "state", "user_count", "cpu_usage", "memory_usage");
        assertThat(json.get("worker_count").asInt()).isEqualTo(1);
        assertThat(json.get("state").asString()).isEqualTo("running");
        assertThat(json.get("user_count").asInt()).isEqualTo(7);
    }

    @Test
    void statsCsvHasLocustHeaderAndRows() {
        String csv = LocustCsv.statsCsv(snapshot);
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(csv).endsWith("\r\n");
        assertThat(lines.getFirst()).isEqualTo("Type,Name,Request Count,Failure Count,Median Response Time,"
                + "Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
                + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,"
                // The contract's corrected percentiles follow Locust's columns, so Locust's parsers read on unchanged.
                + "Corrected 50%,Corrected 66%,Corrected 75%,Corrected 80%,Corrected 90%,Corrected 95%,Corrected 98%,"
                + "Corrected 99%,Corrected 99.9%,Corrected 99.99%,Corrected 100%");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("POST,/items,200,20,8,8.0,8,8,64.0,10.0,1.0,8,8,8,8,8,8,8,8,8,8,8");
        assertThat(lines.get(3)).startsWith(",Aggregated,400,20,");
        assertThat(lines.get(3)).endsWith(",8");
    }

    @Test
    void emptyRowsHaveNotAvailablePercentiles() {
        StatsSnapshot empty = new StatsAggregator().snapshot(BASE);
        List<String> lines = List.of(LocustCsv.statsCsv(empty).split("\r\n"));
        assertThat(lines).containsExactly(LocustCsv.STATS_HEADER.stream().reduce((a, b) -> a + "," + b).orElseThrow(),
                ",Aggregated,0,0,0,0.0,0,0,0.0,0.0,0.0" + ",N/A".repeat(22));
    }

    @Test
    void failuresCsvQuotesLikePythonCsv() {
        List<String> lines = List.of(LocustCsv.failuresCsv(snapshot).split("\r\n"));
        assertThat(lines.getFirst()).isEqualTo("Method,Name,Error,Occurrences,First Seen,Last Seen");
        assertThat(lines.get(1)).isEqualTo("POST,/items,\"HTTPError('500, \"\"oops\"\"')\",20,2023-11-14T22:13:21Z,2023-11-14T22:13:40Z");
    }

    @Test
    void historyCsvHasOneAggregatedRowPerSample() {
        List<String> lines = List.of(LocustCsv.historyCsv(history).split("\r\n"));
        assertThat(lines.getFirst()).isEqualTo("Timestamp,User Count,Type,Name,Requests/s,Failures/s,"
                + "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,"
                + "Total Median Response Time,Total Average Response Time,Total Min Response Time,"
                + "Total Max Response Time,Total Average Content Size");
        assertThat(lines).hasSize(21);
        assertThat(lines.get(20)).startsWith((BASE / 1000 + 20) + ",7,,Aggregated,20.000000,1.000000,");
        assertThat(lines.get(20)).contains(",400,20,");
        assertThat(history.samples().getLast().secondRps()).isEqualTo(20);
    }

    @Test
    void consoleTableHasLocustColumns() {
        String table = ConsoleStatsTable.render(snapshot);
        List<String> lines = table.lines().toList();
        assertThat(lines.getFirst()).startsWith("Type     Name").contains("# reqs", "# fails", "|    Avg", "req/s", "failures/s");
        assertThat(lines.get(2)).startsWith("POST     /items").contains("200", "20(10.00%)");
        assertThat(lines.getLast()).startsWith("         Aggregated").contains("400", "20(5.00%)");
        String all = ConsoleStatsTable.renderFinal(snapshot);
        assertThat(all).contains("Response time percentiles (approximated)", "Error report",
                "POST /items: HTTPError('500, \"oops\"')");
    }

    @Test
    void htmlReportEscapesNamesAndDrawsCharts() {
        String html = HtmlReport.render(new ReportInfo("todo <crud>", "http://127.0.0.1:8080/?a=1&b=2", BASE,
                BASE + 20_000, 7), snapshot, history);
        assertThat(html).doesNotContain("<script>").doesNotContain("todo <crud>");
        assertThat(html).contains("/items/&lt;script&gt;alert(1)&lt;/script&gt;", "todo &lt;crud&gt;",
                "http://127.0.0.1:8080/?a=1&amp;b=2", "HTTPError(&#39;500, &quot;oops&quot;&#39;)");
        assertThat(html).contains("<svg", "<polyline", "Requests per second", "Response times (ms)", "Number of users");
        assertThat(html).doesNotContain("http://cdn", "https://", "<link", "src=");
    }

    @Test
    void htmlReportOfAnOpenModelRunShowsRatesDroppedIterationsAndCorrectedPercentiles() {
        StatsAggregator aggregator = new StatsAggregator();
        StatsRecorder recorder = new StatsRecorder(clock(BASE, BASE + 1000));
        for (int i = 0; i < 10; i++) {
            // Every request took 2 ms to answer, but its iteration began 400 ms late.
            recorder.record("GET", "/slow", 2_000, 402_000, 0, null);
        }
        io.stampede.core.stats.StatsDelta delta = recorder.drain();
        aggregator.merge(new io.stampede.core.stats.StatsDelta(delta.startEpochMillis(), delta.endEpochMillis(),
                delta.entries(), delta.failures(), new io.stampede.core.stats.StatsDelta.Iterations(10, 5)));
        StatsSnapshot open = aggregator.snapshot(BASE + 2000);
        io.stampede.core.load.LoadModel.Open model = new io.stampede.core.load.LoadModel.Open(
                new io.stampede.core.load.RateShape.Constant(10, null), io.stampede.core.load.Arrivals.EVEN, 5, 0);
        ReportInfo info = new ReportInfo("open", "http://127.0.0.1:1", BASE, BASE + 2000, 0).withLoad(model);

        String html = HtmlReport.render(info, open, List.of());

        assertThat(html).contains("<dt>Workload</dt><dd>10/s</dd>", "<h2>Open model</h2>",
                "<dt>Requested</dt><dd>10.00 iterations/s (20 iterations due)</dd>",
                "<dt>Achieved</dt><dd>5.00 iterations/s (10 iterations started)</dd>",
                "<dt>Dropped iterations</dt><dd>5</dd>", "5 iteration(s) dropped",
                "Response times from the intended start (corrected)");
        assertThat(html).containsPattern("<td>40[0-9]\\.[0-9]{2} \\(2\\.00\\)</td>");

        OpenModelSummary summary = OpenModelSummary.of(info, open).orElseThrow();
        assertThat(summary.render()).contains("Open model: 10/s", "requested: 10.00 iterations/s (20 iterations due in 2.0 s)",
                "achieved:  5.00 iterations/s (10 iterations started)", "dropped:   5 iteration(s)",
                "warning: 5 iteration(s) dropped");
        // A closed-model run has no open-model section, and its corrected times equal the service times.
        assertThat(OpenModelSummary.of(new ReportInfo("c", null, BASE, BASE + 20_000, 7), snapshot)).isEmpty();
        assertThat(HtmlReport.render(new ReportInfo("c", null, BASE, BASE + 20_000, 7), snapshot, history))
                .doesNotContain("Open model").doesNotContain("corrected");
    }

    private static java.util.function.LongSupplier clock(long first, long then) {
        long[] calls = {0};
        return () -> calls[0]++ == 0 ? first : then;
    }
}
