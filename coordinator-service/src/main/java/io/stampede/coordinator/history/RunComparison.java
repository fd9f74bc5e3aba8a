package io.stampede.coordinator.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Two or more stored runs side by side: their summaries and series (the browser overlays the
 * charts on time since start) and one row per endpoint with each run's figures, the first run
 * being the baseline the deltas are computed against.
 *
 * @param runs      the runs in the order asked for
 * @param endpoints every (method, name) seen in any run, the Aggregated row last; a run that
 *                  never called an endpoint has {@code null} in its place
 */
public record RunComparison(List<ComparedRun> runs, List<EndpointRow> endpoints) {

    public record ComparedRun(RunSummary summary, List<SeriesPoint> series) {
    }

    /**
     * @param figures one per run, in the order of {@link RunComparison#runs()}, null where absent;
     *                the browser shows each run's change against the first
     */
    public record EndpointRow(String method, String name, List<EndpointFigures> figures) {
    }

    public static RunComparison of(List<RunSummary> summaries, List<List<SeriesPoint>> series, List<JsonNode> documents) {
        List<ComparedRun> runs = new ArrayList<>();
        Map<String, EndpointFigures[]> byEndpoint = new LinkedHashMap<>();
        EndpointFigures[] aggregated = new EndpointFigures[summaries.size()];
        for (int i = 0; i < summaries.size(); i++) {
            RunSummary summary = summaries.get(i);
            runs.add(new ComparedRun(summary, series.get(i)));
            JsonNode document = documents.get(i);
            if (document == null) {
                continue;
            }
            for (JsonNode row : document.path("stats")) {
                EndpointFigures figures = EndpointFigures.of(row, summary.durationMillis());
                if (figures.isAggregated()) {
                    aggregated[i] = figures;
                } else {
                    byEndpoint.computeIfAbsent(figures.key(), k -> new EndpointFigures[summaries.size()])[i] = figures;
                }
            }
        }
        List<EndpointRow> rows = new ArrayList<>();
        byEndpoint.values().forEach(figures -> rows.add(row(figures)));
        rows.add(row(aggregated));
        return new RunComparison(runs, rows);
    }

    private static EndpointRow row(EndpointFigures[] figures) {
        EndpointFigures named = null;
        for (EndpointFigures f : figures) {
            if (f != null) {
                named = f;
                break;
            }
        }
        String method = named == null ? "" : named.method();
        String name = named == null ? EndpointFigures.AGGREGATED : named.name();
        return new EndpointRow(method, name, Arrays.asList(figures));
    }
}
