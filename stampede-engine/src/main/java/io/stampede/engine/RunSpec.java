package io.stampede.engine;

import java.util.Map;

import io.stampede.core.scenario.Scenario;

/**
 * What one run executes on this engine.
 *
 * @param scenario     the parsed scenario
 * @param host         base URL for relative paths (already resolved: --host over the scenario's); may be null
 * @param userIdOffset first user id of this engine, so {@code ${user.id}} is unique across workers
 * @param variables    run variables (setup results) every user sees, below its own variables
 * @param workerIndex  this engine's position among {@code workerCount} (partitioned feeders)
 * @param workerCount  engines sharing the run
 * @param attachments  feeder files by the name the scenario uses
 */
public record RunSpec(Scenario scenario, String host, long userIdOffset, Map<String, String> variables,
                      int workerIndex, int workerCount, Map<String, String> attachments) {

    public RunSpec {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
        host = host == null || host.isBlank() ? scenario.host() : host;
        workerCount = Math.max(1, workerCount);
        if (workerIndex < 0 || workerIndex >= workerCount) {
            throw new IllegalArgumentException("workerIndex " + workerIndex + " is not in [0, " + workerCount + ")");
        }
    }

    /** A run on a single engine without feeder files. */
    public RunSpec(Scenario scenario, String host, long userIdOffset, Map<String, String> variables) {
        this(scenario, host, userIdOffset, variables, 0, 1, Map.of());
    }

    public static RunSpec of(Scenario scenario, String host) {
        return new RunSpec(scenario, host, 0, Map.of());
    }
}
