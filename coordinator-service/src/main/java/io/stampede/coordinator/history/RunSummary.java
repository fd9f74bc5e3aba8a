package io.stampede.coordinator.history;

/**
 * A finished run as the history lists it ({@code run.json} of its directory).
 *
 * @param id           the run id (also the directory name)
 * @param scenario     the scenario's name
 * @param scenarioFile the file the scenario came from, null when pasted or the default
 * @param parameters   what the user asked for
 * @param startedAt    epoch millis
 * @param endedAt      epoch millis
 * @param totals       numbers of the Aggregated row
 */
public record RunSummary(String id, String scenario, String scenarioFile, RunParameters parameters,
                         long startedAt, long endedAt, RunTotals totals) {

    public long durationMillis() {
        return Math.max(0, endedAt - startedAt);
    }
}
