package io.stampede.coordinator.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.stampede.coordinator.run.RunState;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ResponseTimeDistribution;

/**
 * The run metrics of {@code /actuator/prometheus}, computed at scrape time from the merged run
 * view: no second bookkeeping beside the stats the UI and API show, so the counters equal
 * {@code /stats/requests} and the histogram buckets are counted from the merged HdrHistograms.
 *
 * <p>Per-request series carry {@code run_id}, {@code scenario}, {@code name} and {@code method};
 * names beyond {@link RunMetricsProperties#maxNames()} are summed under {@value #OTHER_NAME}
 * (see {@link ExportedNames}). A new run is a new {@code run_id}, so its counters are new series;
 * {@code /stats/reset} clears the run's rows, so their series vanish and restart from zero with
 * the next request, which Prometheus' rate() and increase() treat as a counter reset.
 *
 * <p>New per-request figures are one entry in {@link #COUNTERS} or {@link #DISTRIBUTIONS}; new
 * coordinator-wide figures one in {@link #GAUGES}, figures of the run as a whole one in
 * {@link #RUN_GAUGES} or {@link #RUN_COUNTERS} (with the value on {@link RunMetricsView}).
 */
public final class RunMetricsCollector implements MultiCollector {

    /** The name of the series that sums every request name beyond the cap. */
    public static final String OTHER_NAME = "__other__";

    /** The run state as one series per state, 1 for the current one. */
    static final String RUN_STATE = "stampede_run_state";
    /** Exported as {@code stampede_run_info}, the suffix of an info metric. */
    static final String RUN_INFO = "stampede_run";

    /** Counters per (name, method); exported with the {@code _total} suffix. */
    static final List<RequestCounter> COUNTERS = List.of(
            new RequestCounter("stampede_requests", "Requests of the run, merged over every worker",
                    RequestStats::numRequests),
            new RequestCounter("stampede_failures", "Failed requests of the run, merged over every worker",
                    RequestStats::numFailures));

    /** Histograms per (name, method). */
    static final List<RequestDistribution> DISTRIBUTIONS = List.of(
            new RequestDistribution("stampede_response_time_seconds",
                    "Response times of the run's requests, merged over every worker",
                    RequestStats::responseTimes, row -> row.totalResponseTimeMicros() / 1e6),
            // Corrected samples keep no exact sum: the histogram's mean (within its 0.1% precision) stands in.
            new RequestDistribution("stampede_corrected_response_time_seconds",
                    "Response times of the run's requests measured from each iteration's intended start"
                            + " (coordinated omission corrected), merged over every worker",
                    RequestStats::correctedResponseTimes,
                    row -> row.correctedResponseTimes().meanMillis() * row.correctedResponseTimes().count() / 1e3));

    /** Run-wide gauges without run labels: they describe the coordinator now, across runs. */
    static final List<RunGauge> GAUGES = List.of(
            new RunGauge("stampede_users", "Virtual users alive across every worker", RunMetricsView::users),
            new RunGauge("stampede_workers", "Workers connected", RunMetricsView::connectedWorkers),
            new RunGauge("stampede_workers_missing", "Workers dropped without a bye, still listed as missing",
                    RunMetricsView::missingWorkers));

    /** Open-model gauges of the current or last run, with its run labels (0 for a closed-model run). */
    static final List<RunGauge> RUN_GAUGES = List.of(
            new RunGauge("stampede_requested_rate", "Iterations per second the open model asks for now",
                    RunMetricsView::requestedRate),
            new RunGauge("stampede_achieved_rate", "Iterations per second started over the last ~10 s",
                    view -> view.stats().iterations().currentRate()));

    /** Open-model counters of the current or last run; exported with the {@code _total} suffix. */
    static final List<RunCounter> RUN_COUNTERS = List.of(
            new RunCounter("stampede_dropped_iterations", "Iterations that were due but dropped at the in-flight cap",
                    view -> view.stats().iterations().dropped()));

    private final RunMetricsSource source;
    private final ExportedNames exportedNames;
    private final long[] boundsMicros;
    private final double[] boundsSeconds;

    public RunMetricsCollector(RunMetricsSource source, RunMetricsProperties properties) {
        this.source = source;
        this.exportedNames = new ExportedNames(properties.maxNames());
        List<Double> bounds = properties.responseTimeBuckets();
        this.boundsMicros = new long[bounds.size()];
        this.boundsSeconds = new double[bounds.size() + 1];
        for (int i = 0; i < bounds.size(); i++) {
            boundsMicros[i] = Math.round(bounds.get(i) * 1e6);
            if (boundsMicros[i] < 1 || i > 0 && boundsMicros[i] <= boundsMicros[i - 1]) {
                // Samples are microseconds: finer bounds would be empty or duplicate buckets.
                throw new IllegalArgumentException("stampede.coordinator.metrics.response-time-buckets must differ "
                        + "by at least a microsecond: " + bounds);
            }
            boundsSeconds[i] = boundsMicros[i] / 1e6;
        }
        boundsSeconds[bounds.size()] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshots collect() {
        RunMetricsView view = source.read();
        List<MetricSnapshot> metrics = new ArrayList<>();
        for (RunGauge gauge : GAUGES) {
            metrics.add(gauge(gauge.name(), gauge.help(), Labels.EMPTY, gauge.value().applyAsDouble(view)));
        }
        metrics.add(runState(view.state()));
        view.run().ifPresent(run -> {
            Labels runLabels = Labels.of("run_id", run.id(), "scenario", run.scenario());
            metrics.add(InfoSnapshot.builder().name(RUN_INFO)
                    .help("The current or last run: its id and scenario, to join the run-wide gauges with")
                    .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(runLabels).build()).build());
            for (RunGauge gauge : RUN_GAUGES) {
                metrics.add(gauge(gauge.name(), gauge.help(), runLabels, gauge.value().applyAsDouble(view)));
            }
            for (RunCounter counter : RUN_COUNTERS) {
                metrics.add(CounterSnapshot.builder().name(counter.name()).help(counter.help())
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(runLabels)
                                .value(counter.value().applyAsLong(view)).build())
                        .build());
            }
            List<RequestStats> rows = cappedRows(run.id(), view.stats().entries());
            for (RequestCounter counter : COUNTERS) {
                metrics.add(counter(counter, runLabels, rows));
            }
            for (RequestDistribution distribution : DISTRIBUTIONS) {
                metrics.add(histogram(distribution, runLabels, rows));
            }
        });
        return new MetricSnapshots(metrics);
    }

    @Override
    public List<String> getPrometheusNames() {
        List<String> names = new ArrayList<>();
        GAUGES.forEach(gauge -> names.add(gauge.name()));
        names.add(RUN_STATE);
        names.add(RUN_INFO);
        RUN_GAUGES.forEach(gauge -> names.add(gauge.name()));
        RUN_COUNTERS.forEach(counter -> names.add(counter.name()));
        COUNTERS.forEach(counter -> names.add(counter.name()));
        DISTRIBUTIONS.forEach(distribution -> names.add(distribution.name()));
        return names;
    }

    /** The rows of admitted names as they are, the others combined per method under {@value #OTHER_NAME}. */
    private List<RequestStats> cappedRows(String runId, List<RequestStats> entries) {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(row -> names.add(row.name()));
        Set<String> admitted = exportedNames.admit(runId, names);
        List<RequestStats> rows = new ArrayList<>(entries.size());
        Map<String, List<RequestStats>> overflowByMethod = new LinkedHashMap<>();
        for (RequestStats row : entries) {
            if (admitted.contains(row.name()) && !OTHER_NAME.equals(row.name())) {
                rows.add(row);
            } else {
                overflowByMethod.computeIfAbsent(row.method(), method -> new ArrayList<>()).add(row);
            }
        }
        overflowByMethod.forEach((method, overflow) -> rows.add(RequestStats.combine(method, OTHER_NAME, overflow)));
        return rows;
    }

    private static Labels requestLabels(Labels runLabels, RequestStats row) {
        return runLabels.merge(Labels.of("name", row.name(), "method", row.method()));
    }

    private static CounterSnapshot counter(RequestCounter counter, Labels runLabels, List<RequestStats> rows) {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name(counter.name()).help(counter.help());
        for (RequestStats row : rows) {
            builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(requestLabels(runLabels, row)).value(counter.value().applyAsLong(row)).build());
        }
        return builder.build();
    }

    private HistogramSnapshot histogram(RequestDistribution distribution, Labels runLabels, List<RequestStats> rows) {
        HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(distribution.name()).help(distribution.help());
        for (RequestStats row : rows) {
            // Per-bucket counts (not cumulative): the exposition adds them up into le buckets.
            long[] counts = distribution.distribution().apply(row).bucketCounts(boundsMicros);
            builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(requestLabels(runLabels, row))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(boundsSeconds, counts))
                    .sum(distribution.sumSeconds().applyAsDouble(row))
                    .build());
        }
        return builder.build();
    }

    private static MetricSnapshot runState(RunState current) {
        GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(RUN_STATE)
                .help("1 for the run's current state, 0 for the others");
        for (RunState state : RunState.values()) {
            builder.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("state", state.wireName())).value(state == current ? 1 : 0).build());
        }
        return builder.build();
    }

    private static GaugeSnapshot gauge(String name, String help, Labels labels, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build())
                .build();
    }

    /** A counter per (name, method), named without its {@code _total} suffix. */
    record RequestCounter(String name, String help, ToLongFunction<RequestStats> value) {
    }

    /** A histogram per (name, method) of one of a row's distributions, with the exact sum of its samples. */
    record RequestDistribution(String name, String help, Function<RequestStats, ResponseTimeDistribution> distribution,
                               ToDoubleFunction<RequestStats> sumSeconds) {
    }

    /** A counter of the run as a whole, named without its {@code _total} suffix. */
    record RunCounter(String name, String help, ToLongFunction<RunMetricsView> value) {
    }

    /** A run-wide gauge. */
    record RunGauge(String name, String help, ToDoubleFunction<RunMetricsView> value) {
    }
}
