package io.stampede.core.link;

import java.util.Map;

/**
 * Tells a worker to run (or keep running) its share of a run. The coordinator sends it again
 * with new {@code users}/{@code spawnRate} whenever the share changes (a worker joined or
 * left, the user edited the run); the worker then grows or shrinks its user population to
 * the new target without restarting the users it keeps.
 *
 * @param runId           the run; stats reports carry it so late reports of an old run are dropped
 * @param scenarioYaml    the scenario text, validated by the coordinator; workers need no ConfigMap
 * @param scenarioName    file name of the scenario, for error messages
 * @param host            base URL for relative paths (already resolved: --host over scenario host)
 * @param users           this worker's target number of concurrent users
 * @param spawnRate       users this worker starts per second (its share of the global rate)
 * @param workerIndex     this worker's position among {@code workerCount} (feeder partitioning)
 * @param workerCount     number of workers that share the run
 * @param userIdOffset    first global user id of this worker, so {@code ${user.id}} is unique per run
 * @param variables       run-level variables (from the scenario's setup block) every user sees
 * @param attachments     files the scenario references (feeder CSV/JSON), by the name used in the scenario
 * @param open            the open model's slice for this worker; null for the closed model
 *                        ({@code users} and {@code spawnRate} apply then)
 */
public record StartLoad(String runId, String scenarioYaml, String scenarioName, String host, int users,
                        double spawnRate, int workerIndex, int workerCount, long userIdOffset,
                        Map<String, String> variables, Map<String, String> attachments, OpenShare open)
        implements LinkMessage {

    /** A closed-model share. */
    public StartLoad(String runId, String scenarioYaml, String scenarioName, String host, int users, double spawnRate,
                     int workerIndex, int workerCount, long userIdOffset, Map<String, String> variables,
                     Map<String, String> attachments) {
        this(runId, scenarioYaml, scenarioName, host, users, spawnRate, workerIndex, workerCount, userIdOffset,
                variables, attachments, null);
    }

    /** This share with fewer users (a worker that can hold fewer). */
    public StartLoad withUsers(int limit) {
        return new StartLoad(runId, scenarioYaml, scenarioName, host, limit, spawnRate, workerIndex, workerCount,
                userIdOffset, variables, attachments, open);
    }

    /** This share with another open-model slice. */
    public StartLoad withOpen(OpenShare slice) {
        return new StartLoad(runId, scenarioYaml, scenarioName, host, users, spawnRate, workerIndex, workerCount,
                userIdOffset, variables, attachments, slice);
    }
}
