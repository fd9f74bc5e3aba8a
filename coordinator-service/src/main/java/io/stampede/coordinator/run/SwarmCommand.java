package io.stampede.coordinator.run;

import java.time.Duration;

/**
 * Start a run, or change the running one (Locust's {@code POST /swarm}).
 *
 * @param users     target users across all workers
 * @param spawnRate users started per second across all workers
 * @param host      base URL override; null keeps the launch's one
 * @param runTime   stop after this long (counted from now); null: until stopped
 */
public record SwarmCommand(int users, double spawnRate, String host, Duration runTime) {
}
