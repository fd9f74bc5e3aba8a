package io.stampede.coordinator.report;

/**
 * Run facts shown at the top of the HTML report.
 *
 * @param scenarioName     the scenario's name
 * @param host             the target base URL (may be null)
 * @param startEpochMillis when the run started
 * @param endEpochMillis   when it ended (or the report was made, for a running test)
 * @param users            the target number of users
 */
public record ReportInfo(String scenarioName, String host, long startEpochMillis, long endEpochMillis, int users) {
}
