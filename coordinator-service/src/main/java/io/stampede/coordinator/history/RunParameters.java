package io.stampede.coordinator.history;

/**
 * What the user asked for when starting a run.
 *
 * @param users     target concurrent users (the last value when edited during the run)
 * @param spawnRate users started per second
 * @param host      base URL, may be null when the scenario names its own
 * @param runTime   the requested run time as typed (e.g. {@code 5m}), null when open-ended
 */
public record RunParameters(int users, double spawnRate, String host, String runTime) {
}
