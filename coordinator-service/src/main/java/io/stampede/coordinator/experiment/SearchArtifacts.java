package io.stampede.coordinator.experiment;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.search.KneeChart;
import io.stampede.coordinator.experiment.search.ProbePoint;
import io.stampede.coordinator.experiment.search.SearchResult;
import io.stampede.coordinator.experiment.suite.SearchTest;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of one capacity search under {@code <test_name>/<YYYYMMDDHHMMSS>/} of its start:
 * {@code search.json} and {@code search.svg} (the knee chart) and {@code metadata.json}
 * ({@code kind: search}, written last). Each judged step is a run directory of its own
 * ({@code kind: search_step}) beside it.
 */
final class SearchArtifacts {

    static final String KIND = "search";
    static final String STEP_KIND = "search_step";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SearchArtifacts() {
    }

    static void write(ResultsStore store, String suiteName, SearchTest search, SearchOutcome outcome, long startMillis,
                      long endMillis) throws IOException {
        String directory = outcome.directory();
        RunArtifacts.put(store, directory + "/" + KneeChart.JSON_FILE, KneeChart.json(outcome.result()));
        RunArtifacts.put(store, directory + "/" + KneeChart.SVG_FILE, KneeChart.svg(outcome.result()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("suite", suiteName);
        metadata.put("test_name", search.testName());
        metadata.put("kind", KIND);
        metadata.put("url", search.url());
        metadata.put("scenario", search.scenarioFile() == null ? null : search.scenarioFile().toString());
        metadata.put("connections", search.connections());
        metadata.put("start", Instant.ofEpochMilli(startMillis).toString());
        metadata.put("end", Instant.ofEpochMilli(endMillis).toString());
        metadata.put("start_epoch_ms", startMillis);
        metadata.put("end_epoch_ms", endMillis);
        SearchResult result = outcome.result();
        metadata.put("outcome", result.outcome().name());
        metadata.put("sustainable_rate", result.sustainableRate().isPresent() ? rate(result.sustainableRate().getAsDouble()) : null);
        metadata.put("first_breaking_rate", result.firstBreakingRate().isPresent()
                ? rate(result.firstBreakingRate().getAsDouble()) : null);
        metadata.put("min_rate", outcome.minRate());
        metadata.put("min_rate_met", outcome.minRate() == null ? null : result.meetsMinimum(outcome.minRate()));
        metadata.put("error", outcome.error());
        metadata.put("steps", outcome.steps().stream().map(RecordedRun::directory).toList());
        metadata.put("exit_code", outcome.exitCode());
        RunArtifacts.put(store, directory + "/metadata.json", JSON.writeValueAsString(metadata));
    }

    /** A step's own metadata beside the run's: which search, which phase, why it broke the SLO. */
    static Map<String, Object> stepMetadata(String searchDirectory, int step, ProbePoint point) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("search", searchDirectory);
        extra.put("search_step", step);
        extra.put("phase", point.phase().name());
        extra.put("requested_rate", rate(point.rate()));
        extra.put("achieved_rate", rate(point.result().achievedRate()));
        extra.put("meets_slo", point.meetsSlo());
        extra.put("breaches", List.copyOf(point.breaches()));
        return extra;
    }

    private static Number rate(double value) {
        return Double.isFinite(value) ? RunArtifacts.number(BigDecimal.valueOf(value)) : null;
    }
}
