package io.stampede.coordinator.history;

import java.util.Arrays;
import java.util.Optional;

/** The files of a stored run that can be downloaded; the only names the store reads or writes. */
public enum RunArtifact {
    STATS_JSON("stats.json", "application/json"),
    STATS_CSV("stats.csv", "text/csv"),
    FAILURES_CSV("failures.csv", "text/csv"),
    HISTORY_CSV("stats_history.csv", "text/csv"),
    REPORT_HTML("report.html", "text/html"),
    SERIES_JSON("series.json", "application/json"),
    SCENARIO_YAML("scenario.yaml", "application/yaml");

    private final String fileName;
    private final String mediaType;

    RunArtifact(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    public String fileName() {
        return fileName;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<RunArtifact> byFileName(String name) {
        return Arrays.stream(values()).filter(a -> a.fileName.equals(name)).findFirst();
    }
}
