package io.stampede.coordinator.report;

import io.stampede.core.load.LoadModel;

/**
 * Run facts shown at the top of the HTML report.
 *
 * @param scenarioName     the scenario's name
 * @param host             the target base URL (may be null)
 * @param startEpochMillis when the run started
 * @param endEpochMillis   when it ended (or the report was made, for a running test)
 * @param users            the target number of users
 * @param load             the run's workload model; null when unknown (then an open-model run is
 *                         recognised by its iterations, without the requested rate)
 */
public record ReportInfo(String scenarioName, String host, long startEpochMillis, long endEpochMillis, int users,
                         LoadModel load) {

    public ReportInfo(String scenarioName, String host, long startEpochMillis, long endEpochMillis, int users) {
        this(scenarioName, host, startEpochMillis, endEpochMillis, users, null);
    }

    /** The same facts with the run's workload model. */
    public ReportInfo withLoad(LoadModel newLoad) {
        return new ReportInfo(scenarioName, host, startEpochMillis, endEpochMillis, users, newLoad);
    }
}
