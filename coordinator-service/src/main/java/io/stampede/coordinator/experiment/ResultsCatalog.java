package io.stampede.coordinator.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.search.KneeChart;
import io.stampede.coordinator.experiment.suite.SafeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recorded runs of a results location read back for analysis: each
 * {@code <test_name>/<YYYYMMDDHHMMSS>/metadata.json} by its {@code kind}. A run ({@code fixed},
 * or a capacity search's {@code search_step}) is one {@link RunSummary}, from that file, the
 * run's {@code stats.json} and its {@code metrics/*.json}; a step names its search. A capacity
 * search ({@code search}: no stats of its own) is one {@link SearchSummary}, from its
 * {@code search.json}. Only {@link ResultsStore} is used, so a directory and S3 read alike.
 * Bounded: at most {@code maxRuns} directories (the newest) are read, and one whose files cannot
 * be read becomes an {@link Unreadable} entry instead of failing the list.
 */
public final class ResultsCatalog {

    /** The files of a search directory a reader may ask for by name, besides its metadata. */
    static final List<String> SEARCH_FILES = List.of(KneeChart.JSON_FILE, KneeChart.SVG_FILE);
    /** {@code YYYYMMDDHHMMSS}, as {@link RunArtifacts#STAMP} writes it. */
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{14}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ResultsStore store;
    private final int maxRuns;

    /** @param maxRuns at most this many runs are read per listing, the newest first */
    public ResultsCatalog(ResultsStore store, int maxRuns) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns: must be >= 1, got " + maxRuns);
        }
        this.store = store;
        this.maxRuns = maxRuns;
    }

    public String location() {
        return store.location();
    }

    /**
     * Every recorded run, newest first, up to the cap.
     *
     * @throws IOException when the location itself cannot be listed
     */
    public Listing list() throws IOException {
        List<String> files = store.list("");
        List<String> directories = new ArrayList<>();
        Map<String, List<String>> metricFiles = new LinkedHashMap<>();
        for (String file : files) {
            String[] parts = file.split("/");
            if (parts.length == 3 && parts[2].equals(RunArtifacts.METADATA) && isRunDirectory(parts[0], parts[1])) {
                directories.add(parts[0] + "/" + parts[1]);
            } else if (parts.length == 4 && parts[2].equals(RunArtifacts.METRICS) && parts[3].endsWith(".json")) {
                metricFiles.computeIfAbsent(parts[0] + "/" + parts[1], d -> new ArrayList<>())
                        .add(parts[3].substring(0, parts[3].length() - ".json".length()));
            }
        }
        // Newest first across tests: the timestamp decides, the test name breaks ties.
        directories.sort(Comparator.comparing((String d) -> d.substring(d.indexOf('/') + 1)).reversed()
                .thenComparing(Comparator.naturalOrder()));
        int total = directories.size();
        List<RunSummary> runs = new ArrayList<>();
        List<SearchSummary> searches = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (String directory : directories.subList(0, Math.min(maxRuns, total))) {
            try {
                JsonNode metadata = readJson(directory + "/" + RunArtifacts.METADATA)
                        .orElseThrow(() -> new IllegalStateException(RunArtifacts.METADATA + " vanished"));
                if (SearchArtifacts.KIND.equals(metadata.path("kind").asString(""))) {
                    searches.add(readSearch(directory, metadata));
                } else {
                    runs.add(read(directory, metadata, metricFiles.getOrDefault(directory, List.of())));
                }
            } catch (IOException | JacksonException | IllegalStateException e) {
                unreadable.add(new Unreadable(directory, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Listing(store.location(), runs, searches, unreadable, total, Math.max(0, total - maxRuns));
    }

    /**
     * The stored range-query result of one metric of one run, as Prometheus returned it.
     *
     * @throws IllegalArgumentException when a segment is not a name the results use (no path tricks)
     */
    public Optional<byte[]> metric(String testName, String timestamp, String metric) throws IOException {
        checkRunDirectory(testName, timestamp);
        if (!SafeName.isSafe(metric)) {
            throw new IllegalArgumentException("metric: " + SafeName.RULE + "; got '" + metric + "'");
        }
        return store.get(RunArtifacts.metricPath(testName + "/" + timestamp, metric));
    }

    /**
     * One of a run's files ({@code report.html}, {@code stats.json}, the CSVs, {@code metadata.json})
     * or of a search's ({@code search.json}, {@code search.svg}).
     *
     * @throws IllegalArgumentException for a segment that is not a run directory's, or another file name
     */
    public Optional<byte[]> file(String testName, String timestamp, String file) throws IOException {
        checkRunDirectory(testName, timestamp);
        if (!RunArtifacts.FILES.contains(file) && !SEARCH_FILES.contains(file)) {
            throw new IllegalArgumentException("file: one of " + String.join(", ", RunArtifacts.FILES) + ", "
                    + String.join(", ", SEARCH_FILES) + "; got '" + file + "'");
        }
        return store.get(testName + "/" + timestamp + "/" + file);
    }

    private static void checkRunDirectory(String testName, String timestamp) {
        if (!isRunDirectory(testName, timestamp)) {
            throw new IllegalArgumentException("test_name/timestamp: expected <test_name>/<YYYYMMDDHHMMSS>, got '"
                    + testName + "/" + timestamp + "'");
        }
    }

    static boolean isRunDirectory(String testName, String timestamp) {
        return SafeName.isSafe(testName) && TIMESTAMP.matcher(timestamp).matches();
    }

    private RunSummary read(String directory, JsonNode metadata, List<String> metricNames) throws IOException {
        JsonNode stats = readJson(directory + "/" + RunArtifacts.STATS)
                .orElseThrow(() -> new IllegalStateException(RunArtifacts.STATS + " missing"));
        JsonNode total = aggregated(stats);
        long start = metadata.path("start_epoch_ms").asLong(0);
        long end = metadata.path("end_epoch_ms").asLong(0);
        boolean stopped = metadata.path("stopped").asBoolean(false);
        // Over the test's duration, as Fortio's "actual QPS": the document's achieved_rate is its last ~10 s only,
        // and the run's span adds the start's lead and the wait for the last reports. A run stopped early ran its span.
        double span = Math.max(0, end - start) / 1000.0;
        double planned = metadata.path("duration_seconds").asDouble(0);
        double seconds = stopped || planned <= 0 ? span : planned;
        long requests = total.path("num_requests").asLong(0);
        long failures = total.path("num_failures").asLong(0);
        long iterations = stats.path("iterations_started").asLong(0);
        double achieved = seconds <= 0 ? 0 : (iterations > 0 ? iterations : requests) / seconds;

        Map<String, MetricFigures> metrics = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        metadata.path("metrics").propertyNames().forEach(names::add);
        names.addAll(metricNames);
        JsonNode errors = metadata.path("metric_errors");
        for (String name : names) {
            String error = errors.path(name).isString() ? errors.path(name).asString() : null;
            metrics.put(name, figures(directory, name, error));
        }
        String[] parts = directory.split("/");
        return new RunSummary(metadata.path("suite").asString(""), parts[0], parts[1], directory,
                metadata.path("repeat").asInt(1), start, end, number(metadata.path("qps")), achieved,
                stats.path("total_rps").asDouble(0), requests, failures, requests == 0 ? 0 : (double) failures / requests,
                number(total.path("response_time_percentile_0.5")), number(total.path("response_time_percentile_0.99")),
                number(total.path("corrected_response_time_percentile_0.5")),
                number(total.path("corrected_response_time_percentile_0.99")),
                stats.path("dropped_iterations").asLong(0), metadata.path("exit_code").asInt(0),
                stopped, metrics, metadata.path("kind").asString(RunArtifacts.FIXED_KIND), text(metadata.path("search")),
                metadata.path("search_step").isInt() ? metadata.path("search_step").asInt() : null, text(metadata.path("phase")),
                metadata.path("meets_slo").isBoolean() ? metadata.path("meets_slo").asBoolean() : null);
    }

    /**
     * A capacity search from its {@code search.json} (the found rate and every step) and its
     * metadata (the verdict, the steps' directories); a search without {@code search.json} (it
     * failed before its chart) is read from the metadata alone.
     */
    private SearchSummary readSearch(String directory, JsonNode metadata) throws IOException {
        JsonNode chart = readJson(directory + "/" + KneeChart.JSON_FILE).orElse(JSON.missingNode());
        List<String> steps = new ArrayList<>();
        metadata.path("steps").forEach(step -> steps.add(step.asString()));
        String[] parts = directory.split("/");
        JsonNode found = chart.isMissingNode() ? metadata.path("sustainable_rate") : chart.path("sustainable_rate");
        JsonNode breaking = chart.isMissingNode() ? metadata.path("first_breaking_rate") : chart.path("first_breaking_rate");
        return new SearchSummary(metadata.path("suite").asString(""), parts[0], parts[1], directory,
                metadata.path("start_epoch_ms").asLong(0), metadata.path("end_epoch_ms").asLong(0),
                chart.path("outcome").asString(metadata.path("outcome").asString("")), number(found), number(breaking),
                number(metadata.path("min_rate")), metadata.path("min_rate_met").isBoolean() ? metadata.path("min_rate_met").asBoolean() : null,
                steps, metadata.path("exit_code").asInt(0), text(metadata.path("error")),
                chart.isMissingNode() ? null : directory + "/" + KneeChart.SVG_FILE);
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    /** Max and mean over every sample of every series of the matrix; the failure when the query failed. */
    private MetricFigures figures(String directory, String name, String recordedError) throws IOException {
        if (recordedError != null) {
            return MetricFigures.failed(recordedError);
        }
        Optional<JsonNode> body;
        try {
            body = readJson(RunArtifacts.metricPath(directory, name));
        } catch (JacksonException e) {
            return MetricFigures.failed("stored result is not JSON: " + e.getOriginalMessage());
        }
        if (body.isEmpty()) {
            return MetricFigures.failed("no stored result");
        }
        JsonNode json = body.get();
        if (!"success".equals(json.path("status").asString(""))) {
            return MetricFigures.failed(json.path("errorType").asString("error") + ": " + json.path("error").asString(""));
        }
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long count = 0;
        for (JsonNode series : json.path("data").path("result")) {
            for (JsonNode sample : series.path("values")) {
                double value = parse(sample.path(1).asString(""));
                if (Double.isFinite(value)) {
                    max = Math.max(max, value);
                    sum += value;
                    count++;
                }
            }
        }
        return count == 0 ? new MetricFigures(null, null, 0, null) : new MetricFigures(max, sum / count, count, null);
    }

    private Optional<JsonNode> readJson(String path) throws IOException {
        Optional<byte[]> bytes = store.get(path);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(bytes.get()));
    }

    /** The Aggregated row of a stats document (the last one, {@code method: null}). */
    private static JsonNode aggregated(JsonNode stats) {
        JsonNode found = JSON.missingNode();
        for (JsonNode row : stats.path("stats")) {
            if ("Aggregated".equals(row.path("name").asString("")) && row.path("method").isNull()) {
                found = row;
            }
        }
        return found;
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * One listing.
     *
     * @param location   where the runs were read from
     * @param runs       the runs read (fixed-rate runs and search steps), newest first
     * @param searches   the capacity searches read, newest first
     * @param unreadable directories that could not be read, with why
     * @param total      run and search directories found at the location
     * @param omitted    directories not read because of the cap (the oldest)
     */
    public record Listing(String location, List<RunSummary> runs, List<SearchSummary> searches, List<Unreadable> unreadable,
                          int total, int omitted) {
        public Listing {
            runs = List.copyOf(runs);
            searches = List.copyOf(searches);
            unreadable = List.copyOf(unreadable);
        }
    }

    /**
     * One capacity search as the analysis shows it (its steps are {@link RunSummary runs} naming it).
     *
     * @param suite             the suite's name
     * @param testName          the search entry's test name
     * @param timestamp         {@code YYYYMMDDHHMMSS} of its start (UTC)
     * @param directory         {@code <test_name>/<timestamp>}
     * @param startEpochMs      start
     * @param endEpochMs        end
     * @param outcome           how it ended ({@code FOUND}, {@code STOPPED}, ...)
     * @param sustainableRate   the highest rate that met the SLO; null when none did
     * @param firstBreakingRate the lowest rate that broke it; null when none did
     * @param minRate           the rate the search was required to reach; null without
     * @param minRateMet        whether it did; null without a minimum
     * @param steps             its steps' run directories, in run order
     * @param exitCode          its verdict
     * @param error             why it ended early; null otherwise
     * @param chart             {@code <directory>/search.svg}, the latency-vs-rate chart; null when it was not written
     */
    public record SearchSummary(String suite, String testName, String timestamp, String directory, long startEpochMs,
                                long endEpochMs, String outcome, Double sustainableRate, Double firstBreakingRate,
                                Double minRate, Boolean minRateMet, List<String> steps, int exitCode, String error,
                                String chart) {
        public SearchSummary {
            steps = List.copyOf(steps);
        }
    }

    /** A run directory whose files could not be read. */
    public record Unreadable(String directory, String error) {
    }

    /**
     * One metric's figures over a run.
     *
     * @param max     the largest sample; null without samples or on error
     * @param mean    the mean of the samples; null without samples or on error
     * @param samples how many samples (every series together)
     * @param error   why there are no figures (the query's failure); null otherwise
     */
    public record MetricFigures(Double max, Double mean, long samples, String error) {
        static MetricFigures failed(String error) {
            return new MetricFigures(null, null, 0, error);
        }
    }

    /**
     * One recorded run as the analysis shows it.
     *
     * @param suite          the suite's name
     * @param testName       the test
     * @param timestamp      {@code YYYYMMDDHHMMSS} of its start (UTC)
     * @param directory      {@code <test_name>/<timestamp>}
     * @param repeat         1-based
     * @param startEpochMs   start
     * @param endEpochMs     end
     * @param requestedRate  the test's qps; null when the metadata has none
     * @param achievedRate   iterations started per second over the test's duration (over the run's span when stopped)
     * @param rps            requests per second over the whole run
     * @param requests       requests made
     * @param failures       requests failed
     * @param failRatio      failures / requests
     * @param p50            median service time (ms)
     * @param p99            99th percentile service time (ms)
     * @param correctedP50   median time from intended start (ms), coordinated omission corrected
     * @param correctedP99   99th percentile from intended start (ms)
     * @param dropped        iterations dropped at the in-flight cap
     * @param exitCode       the run's verdict
     * @param stopped        whether the suite was stopped during it
     * @param metrics        metric name → figures, in the suite's order
     * @param kind           {@code fixed} (a fixed-rate test's run) or {@code search_step} (a capacity search's step)
     * @param search         a step's search directory; null for a fixed-rate run
     * @param searchStep     a step's 1-based number in its search; null for a fixed-rate run
     * @param phase          a step's phase of the search ({@code RAMP}, {@code BISECT}, ...); null for a fixed-rate run
     * @param meetsSlo       whether a step met the search's SLO; null for a fixed-rate run
     */
    public record RunSummary(String suite, String testName, String timestamp, String directory, int repeat,
                             long startEpochMs, long endEpochMs, Double requestedRate, double achievedRate, double rps,
                             long requests, long failures, double failRatio, Double p50, Double p99, Double correctedP50,
                             Double correctedP99, long dropped, int exitCode, boolean stopped,
                             Map<String, MetricFigures> metrics, String kind, String search, Integer searchStep,
                             String phase, Boolean meetsSlo) {
        public RunSummary {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }
}
