package io.stampede.coordinator.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.run.ScenarioSource;

/**
 * The coordinator's command line, parsed and validated before Spring starts (see
 * {@link LaunchCommand}). Null means "not given".
 *
 * @param scenarioFile   {@code -f}: scenario YAML, or null for the default scenario (GET / on the host)
 * @param scenario       the scenario, parsed and validated at launch (the default one without -f)
 * @param host           {@code -H}: base URL, validated as an http(s) URL
 * @param headless       start at once, stop after the run time, exit with a code
 * @param users          {@code -u}: concurrent users
 * @param spawnRate      {@code -r}: users started per second across all workers
 * @param runTime        {@code -t}: stop the run after this long
 * @param localWorkers   workers run inside this process
 * @param expectWorkers  headless: wait for this many workers before starting
 * @param csvPrefix      write PREFIX_stats.csv, PREFIX_failures.csv, PREFIX_stats_history.csv
 * @param jsonFile       write the final stats document
 * @param htmlFile       write the HTML report
 * @param printStats     print the console stats table every 2 s
 * @param webHost        bind address of the web server
 * @param webAuth        USER:PASS for basic auth
 * @param linkToken      shared secret workers present
 * @param webBasePath    {@code --web-base-path}: URL path prefix of everything on the web port (spring.webflux.base-path)
 */
public record LaunchOptions(Path scenarioFile, ScenarioSource scenario, String host, boolean headless, Integer users,
                            Double spawnRate, Duration runTime, int localWorkers, int expectWorkers, String csvPrefix,
                            Path jsonFile, Path htmlFile, boolean printStats, String webHost, String webAuth,
                            String linkToken, String webBasePath) {

    /** Users when neither -u nor the API says otherwise (Locust's default). */
    public static final int DEFAULT_USERS = 1;
    /** Spawn rate when -r is not given (Locust's default). */
    public static final double DEFAULT_SPAWN_RATE = 1;

    /** Options of a coordinator started without any flag (UI mode, one local worker). */
    public static LaunchOptions defaults() {
        return new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, null, null, null, 1, 0, null, null, null, false, null,
                null, null, null);
    }

    public int usersOrDefault() {
        return users == null ? DEFAULT_USERS : users;
    }

    public double spawnRateOrDefault() {
        return spawnRate == null ? DEFAULT_SPAWN_RATE : spawnRate;
    }
}
