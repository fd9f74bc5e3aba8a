package io.stampede.coordinator.history;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything the history keeps of a run that ended, handed over by the run lifecycle.
 *
 * @param summary       what the list shows
 * @param scenarioYaml  the scenario text that ran (null for the built-in default)
 * @param statsDocument the final stats document, exactly as {@code GET /stats/requests} served it
 * @param series        one point per second of the run
 * @param artifacts     downloadable files by {@link RunArtifact}
 */
public record FinishedRun(RunSummary summary, String scenarioYaml, JsonNode statsDocument, List<SeriesPoint> series,
                          Map<RunArtifact, String> artifacts) {

    public FinishedRun {
        series = List.copyOf(series);
        artifacts = Map.copyOf(artifacts);
    }
}
