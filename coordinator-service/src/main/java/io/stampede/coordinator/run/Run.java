package io.stampede.coordinator.run;

import java.time.Duration;

/**
 * One run's parameters as they are now (a /swarm during the run replaces users and spawn rate).
 *
 * @param id              unique run id, carried by StartLoad and every StatsReport
 * @param scenario        what the users do
 * @param host            base URL for relative paths (--host or the API's host over the scenario's)
 * @param users           target users across all workers
 * @param spawnRate       users started per second across all workers
 * @param runTime         stop after this long; null: until stopped
 * @param startedAtMillis when the run started
 */
public record Run(String id, ScenarioSource scenario, String host, int users, double spawnRate, Duration runTime,
                  long startedAtMillis) {

    Run withLoad(int newUsers, double newSpawnRate) {
        return new Run(id, scenario, host, newUsers, newSpawnRate, runTime, startedAtMillis);
    }

    Run withRunTime(Duration newRunTime) {
        return new Run(id, scenario, host, users, spawnRate, newRunTime, startedAtMillis);
    }
}
