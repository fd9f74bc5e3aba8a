package io.stampede.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stampede.coordinator.metrics.RunMetricsView.RunIdentity;
import io.stampede.coordinator.run.RunState;
import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsSnapshot;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunMetricsCollectorTest {

    private static final List<Double> BUCKETS = List.of(0.001, 0.005, 0.025, 0.1);

    private final AtomicReference<RunMetricsView> view = new AtomicReference<>();

    @Test
    void exportsTheMergedRowsAsCountersAndExactHistograms() throws IOException {
        StatsAggregator stats = new StatsAggregator();
        merge(stats, entry("GET", "/a", new long[] {800, 800, 4000, 20_000, 200_000}, 1));
        merge(stats, entry("GET", "/a", new long[] {1000, 5000}, 0)); // on the bounds: counted in them (le)
        merge(stats, entry("POST", "/b", new long[] {3000}, 0));
        view.set(running("run-1", stats.snapshot(System.currentTimeMillis()), 7, 2, 1));

        String text = scrape(new RunMetricsCollector(view::get, properties(200)));

        String a = "method=\"GET\",name=\"/a\",run_id=\"run-1\",scenario=\"shop.yaml\"";
        assertThat(text)
                .contains("stampede_requests_total{" + a + "} 7.0")
                .contains("stampede_failures_total{" + a + "} 1.0")
                .contains("stampede_requests_total{method=\"POST\",name=\"/b\",run_id=\"run-1\",scenario=\"shop.yaml\"} 1.0")
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"0.001\"} 3")
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"0.005\"} 5")
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"0.025\"} 6")
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"0.1\"} 6")
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"+Inf\"} 7")
                .contains("stampede_response_time_seconds_count{" + a + "} 7")
                .contains("stampede_response_time_seconds_sum{" + a + "} 0.2316")
                .contains("stampede_users 7.0")
                .contains("stampede_workers 2.0")
                .contains("stampede_workers_missing 1.0")
                .contains("stampede_run_state{state=\"running\"} 1.0")
                .contains("stampede_run_state{state=\"ready\"} 0.0")
                .contains("stampede_run_info{run_id=\"run-1\",scenario=\"shop.yaml\"} 1")
                .doesNotContain("Aggregated");
    }

    @Test
    void exportsCorrectedLatencyAndTheOpenModelsRates() throws IOException {
        StatsAggregator stats = new StatsAggregator();
        long now = System.currentTimeMillis();
        StatsDelta.EntryDelta raw = entry("GET", "/a", new long[] {800, 800}, 0);
        // The second request's iteration started 30 ms late: corrected, it took 30.8 ms.
        StatsDelta.EntryDelta late = new StatsDelta.EntryDelta("GET", "/a", raw.numRequests(), 0,
                raw.totalResponseTimeMicros(), raw.minResponseTimeMicros(), raw.maxResponseTimeMicros(), 0,
                raw.histogram(), histogram(800, 30_800));
        stats.merge(new StatsDelta(now - 1000, now, List.of(late), List.of(), new StatsDelta.Iterations(40, 3)));
        view.set(new RunMetricsView(Optional.of(new RunIdentity("run-1", "shop.yaml")), RunState.RUNNING, 0, 1, 0,
                stats.snapshot(now + 3000), 50)); // the rate window leaves out the last two seconds

        String text = scrape(new RunMetricsCollector(view::get, properties(200)));

        String a = "method=\"GET\",name=\"/a\",run_id=\"run-1\",scenario=\"shop.yaml\"";
        String run = "run_id=\"run-1\",scenario=\"shop.yaml\"";
        assertThat(text)
                .contains("stampede_response_time_seconds_bucket{" + a + ",le=\"0.025\"} 2")
                .contains("stampede_corrected_response_time_seconds_bucket{" + a + ",le=\"0.025\"} 1")
                .contains("stampede_corrected_response_time_seconds_bucket{" + a + ",le=\"0.1\"} 2")
                .contains("stampede_corrected_response_time_seconds_count{" + a + "} 2")
                .contains("stampede_requested_rate{" + run + "} 50.0")
                .contains("stampede_dropped_iterations_total{" + run + "} 3.0")
                .containsPattern("stampede_achieved_rate\\{" + run.replace("{", "\\{") + "\\} [1-9]");
    }

    @Test
    void beforeTheFirstRunOnlyTheCoordinatorsGaugesAreThere() throws IOException {
        view.set(new RunMetricsView(Optional.empty(), RunState.READY, 0, 1, 0,
                new StatsAggregator().snapshot(System.currentTimeMillis()), 0));

        String text = scrape(new RunMetricsCollector(view::get, properties(200)));

        assertThat(text).contains("stampede_workers 1.0").contains("stampede_run_state{state=\"ready\"} 1.0")
                .doesNotContain("stampede_requests_total").doesNotContain("stampede_run_info")
                .doesNotContain("stampede_requested_rate");
    }

    @Test
    void namesBeyondTheCapAreSummedUnderOtherAndStayThereForTheRun() throws IOException {
        RunMetricsCollector collector = new RunMetricsCollector(view::get, properties(2));
        StatsAggregator stats = new StatsAggregator();
        for (String name : List.of("/c", "/d", "/e")) {
            merge(stats, entry("GET", name, new long[] {2000}, 0));
        }
        merge(stats, entry("POST", "/e", new long[] {2000, 2000}, 0));
        view.set(running("run-1", stats.snapshot(System.currentTimeMillis()), 1, 1, 0));

        String first = scrape(collector);

        assertThat(first).contains("name=\"/c\"").contains("name=\"/d\"").doesNotContain("name=\"/e\"")
                .contains("stampede_requests_total{method=\"GET\",name=\"__other__\",run_id=\"run-1\",scenario=\"shop.yaml\"} 1.0")
                .contains("stampede_requests_total{method=\"POST\",name=\"__other__\",run_id=\"run-1\",scenario=\"shop.yaml\"} 2.0");

        // A name sorting first, seen later, does not take an admitted name's place: series stay monotonic.
        merge(stats, entry("GET", "/a", new long[] {2000}, 0));
        view.set(running("run-1", stats.snapshot(System.currentTimeMillis()), 1, 1, 0));
        String second = scrape(collector);
        assertThat(second).contains("name=\"/c\"").contains("name=\"/d\"").doesNotContain("name=\"/a\"")
                .contains("stampede_requests_total{method=\"GET\",name=\"__other__\",run_id=\"run-1\",scenario=\"shop.yaml\"} 2.0");

        // A new run admits afresh.
        view.set(running("run-2", stats.snapshot(System.currentTimeMillis()), 1, 1, 0));
        assertThat(scrape(collector)).contains("name=\"/a\",run_id=\"run-2\"").contains("name=\"/c\",run_id=\"run-2\"")
                .doesNotContain("name=\"/d\",run_id=\"run-2\"");
    }

    @Test
    void badSettingsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> new RunMetricsProperties(0, BUCKETS)).hasMessageContaining("max-names");
        assertThatThrownBy(() -> new RunMetricsProperties(10, List.of(0.1, 0.05)))
                .hasMessageContaining("response-time-buckets");
        assertThatThrownBy(() -> new RunMetricsCollector(view::get, new RunMetricsProperties(10, List.of(0.0000001, 0.0000002))))
                .hasMessageContaining("response-time-buckets");
    }

    private static RunMetricsProperties properties(int maxNames) {
        return new RunMetricsProperties(maxNames, BUCKETS);
    }

    private static RunMetricsView running(String runId, StatsSnapshot stats, int users, int workers, int missing) {
        return new RunMetricsView(Optional.of(new RunIdentity(runId, "shop.yaml")), RunState.RUNNING, users, workers,
                missing, stats, 0);
    }

    private void merge(StatsAggregator stats, StatsDelta.EntryDelta entry) {
        long now = System.currentTimeMillis();
        List<StatsDelta.FailureDelta> failures = entry.numFailures() == 0 ? List.of()
                : List.of(new StatsDelta.FailureDelta(entry.method(), entry.name(), "HTTP 500", entry.numFailures()));
        stats.merge(new StatsDelta(now - 1000, now, List.of(entry), failures));
    }

    private static String histogram(long... micros) {
        Histogram histogram = HistogramCodec.newHistogram();
        for (long value : micros) {
            histogram.recordValue(value);
        }
        return HistogramCodec.encode(histogram);
    }

    private static StatsDelta.EntryDelta entry(String method, String name, long[] micros, long failures) {
        Histogram histogram = HistogramCodec.newHistogram();
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long value : micros) {
            histogram.recordValue(value);
            total += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new StatsDelta.EntryDelta(method, name, micros.length, failures, total, min, max, 0,
                HistogramCodec.encode(histogram));
    }

    private static String scrape(RunMetricsCollector collector) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }
}
