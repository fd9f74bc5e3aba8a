package io.stampede.coordinator.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.LoadSpec;

/**
 * The coordinator's command line, parsed and validated before Spring starts (see
 * {@link LaunchCommand}). Null means "not given".
 *
 * @param scenarioFile   {@code -f}: scenario YAML, or null for the default scenario (GET / on the host)
 * @param scenario       the scenario, parsed and validated at launch (the default one without -f)
 * @param host           {@code -H}: base URL, validated as an http(s) URL
 * @param headless       start at once, stop after the run time, exit with a code
 * @param load           the load flags ({@code -u}, {@code -r}, {@code --rate}, {@code --stages}, ...), a
 *                       layer over the scenario's {@code load:} section; every field null when none was given
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
public record LaunchOptions(Path scenarioFile, ScenarioSource scenario, String host, boolean headless, LoadSpec load,
                            Duration runTime, int localWorkers, int expectWorkers, String csvPrefix,
                            Path jsonFile, Path htmlFile, boolean printStats, String webHost, String webAuth,
                            String linkToken, String webBasePath) {

    /** Options of a coordinator started without any flag (UI mode, one local worker). */
    public static LaunchOptions defaults() {
        return new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, LoadSpec.EMPTY, null, 1, 0, null, null, null, false, null,
                null, null, null);
    }

    /** The model a headless run uses: the scenario's {@code load:} with the flags over it (validated at parse). */
    public LoadModel loadModel() {
        return scenario.scenario().load().overriddenBy(load).toModel();
    }
}
