package io.stampede.coordinator.history;

/**
 * A run as the history lists it ({@code run.json} of its directory).
 *
 * @param id           the run id (also the directory name)
 * @param scenario     the scenario's name
 * @param scenarioFile the file the scenario came from, null when pasted or the default
 * @param parameters   what the user asked for
 * @param startedAt    epoch millis
 * @param endedAt      epoch millis (of the last checkpoint for a run that did not finish)
 * @param totals       numbers of the Aggregated row
 * @param status       {@link #COMPLETED}; {@link #RUNNING} for a checkpoint of a run still going on;
 *                     {@link #INTERRUPTED} for a checkpoint whose coordinator died before the run ended
 */
public record RunSummary(String id, String scenario, String scenarioFile, RunParameters parameters,
                         long startedAt, long endedAt, RunTotals totals, String status) {

    public static final String COMPLETED = "completed";
    public static final String RUNNING = "running";
    public static final String INTERRUPTED = "interrupted";

    public RunSummary {
        // run.json written before checkpoints existed has no status: those runs all completed.
        if (status == null) {
            status = COMPLETED;
        }
    }

    public RunSummary(String id, String scenario, String scenarioFile, RunParameters parameters,
                      long startedAt, long endedAt, RunTotals totals) {
        this(id, scenario, scenarioFile, parameters, startedAt, endedAt, totals, COMPLETED);
    }

    public RunSummary withStatus(String newStatus) {
        return new RunSummary(id, scenario, scenarioFile, parameters, startedAt, endedAt, totals, newStatus);
    }

    public long durationMillis() {
        return Math.max(0, endedAt - startedAt);
    }
}
