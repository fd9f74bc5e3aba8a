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
 */
public record RunSpec(Scenario scenario, String host, long userIdOffset, Map<String, String> variables) {

    public RunSpec {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        host = host == null || host.isBlank() ? scenario.host() : host;
    }

    public static RunSpec of(Scenario scenario, String host) {
        return new RunSpec(scenario, host, 0, Map.of());
    }
}
