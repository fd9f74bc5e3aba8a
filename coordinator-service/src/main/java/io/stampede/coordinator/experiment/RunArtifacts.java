package io.stampede.coordinator.experiment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stampede.coordinator.experiment.capture.PrometheusClient.QueryResult;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.suite.FixedRateTest;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.RunResults;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one recorded run under {@code <test_name>/<YYYYMMDDHHMMSS>/} (contract,
 * "Experiments"). {@code metadata.json} is written last: a reader that finds it finds the rest.
 */
final class RunArtifacts {

    static final String METADATA = "metadata.json";
    /** {@code kind} of a fixed-rate test's run (a search's step is {@link SearchArtifacts#STEP_KIND}). */
    static final String FIXED_KIND = "fixed";
    static final String STATS = "stats.json";
    static final String STATS_CSV = "stats.csv";
    static final String FAILURES_CSV = "failures.csv";
    static final String HISTORY_CSV = "stats_history.csv";
    static final String REPORT = "report.html";
    /** The files of a run beside its metrics, each one a reader may ask for by name. */
    static final java.util.List<String> FILES = java.util.List.of(METADATA, STATS, STATS_CSV, FAILURES_CSV, HISTORY_CSV, REPORT);
    static final String METRICS = "metrics";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunArtifacts() {
    }

    /**
     * Everything one run produced.
     *
     * @param suiteName  the suite's name
     * @param test       the test's parameters
     * @param repeat     1-based
     * @param results    the run's final stats
     * @param prometheus the Prometheus URL; null without capture
     * @param metrics    metric name → the range query's outcome
     * @param exitCode   the run's verdict
     * @param stopped    whether the suite was stopped during this run
     * @param kind       {@code fixed} for a fixed-rate test's run, {@code search_step} for a capacity search's step
     * @param extra      more metadata of the kind (a search step's phase, breaches and search directory)
     */
    record Record(String suiteName, FixedRateTest test, int repeat, RunResults results, String prometheus,
                  Map<String, String> promql, Map<String, QueryResult> metrics, int exitCode, boolean stopped,
                  String kind, Map<String, Object> extra) {

        Record(String suiteName, FixedRateTest test, int repeat, RunResults results, String prometheus,
               Map<String, String> promql, Map<String, QueryResult> metrics, int exitCode, boolean stopped) {
            this(suiteName, test, repeat, results, prometheus, promql, metrics, exitCode, stopped, FIXED_KIND, Map.of());
        }
    }

    static void write(ResultsStore store, String directory, Record run) throws IOException {
        for (var metric : run.metrics().entrySet()) {
            put(store, metricPath(directory, metric.getKey()), metric.getValue().body());
        }
        RunResults results = run.results();
        put(store, directory + "/" + STATS, JSON.writeValueAsString(RunReports.statsDocument(results)));
        put(store, directory + "/" + STATS_CSV, RunReports.statsCsv(results));
        put(store, directory + "/" + FAILURES_CSV, RunReports.failuresCsv(results));
        put(store, directory + "/" + HISTORY_CSV, RunReports.historyCsv(results));
        put(store, directory + "/" + REPORT, RunReports.html(results));
        put(store, directory + "/" + METADATA, JSON.writeValueAsString(metadata(run)));
    }

    static Map<String, Object> metadata(Record run) {
        FixedRateTest test = run.test();
        long start = run.results().info().startEpochMillis();
        long end = run.results().info().endEpochMillis();
        Map<String, String> errors = new LinkedHashMap<>();
        run.metrics().forEach((name, result) -> {
            if (result.error() != null) {
                errors.put(name, result.error());
            }
        });
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("suite", run.suiteName());
        metadata.put("test_name", test.testName());
        metadata.put("kind", run.kind());
        metadata.put("url", test.url());
        metadata.put("scenario", test.scenarioFile() == null ? null : test.scenarioFile().toString());
        metadata.put("qps", number(BigDecimal.valueOf(test.qps())));
        metadata.put("duration_seconds", seconds(test.duration()));
        metadata.put("connections", test.connections());
        metadata.put("repeat", run.repeat());
        metadata.put("repeats", test.repeats());
        metadata.put("warm_up_seconds", seconds(test.warmUp()));
        metadata.put("cool_down_seconds", seconds(test.coolDown()));
        metadata.put("start", Instant.ofEpochMilli(start).toString());
        metadata.put("end", Instant.ofEpochMilli(end).toString());
        metadata.put("start_epoch_ms", start);
        metadata.put("end_epoch_ms", end);
        metadata.put("prometheus", run.prometheus());
        metadata.put("step_seconds", seconds(test.step()));
        metadata.put("metrics", run.promql());
        metadata.put("metric_errors", errors);
        metadata.put("stopped", run.stopped());
        metadata.put("exit_code", run.exitCode());
        metadata.putAll(run.extra());
        return metadata;
    }

    /** Where a metric's range-query result is: {@code <directory>/metrics/<name>.json}. */
    static String metricPath(String directory, String metric) {
        return directory + "/" + METRICS + "/" + metric + ".json";
    }

    static String directory(String testName, long epochMillis) {
        return testName + "/" + STAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    static Number seconds(Duration duration) {
        return number(BigDecimal.valueOf(duration.toMillis()).movePointLeft(3));
    }

    /** 30 rather than 30.0, 0.5 as is: what a reader of the harness's metadata expects. */
    static Number number(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 0 ? (Number) plain.longValueExact() : (Number) plain.doubleValue();
    }

    static void put(ResultsStore store, String path, String content) throws IOException {
        store.put(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
