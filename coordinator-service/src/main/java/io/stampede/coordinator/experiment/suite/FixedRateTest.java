package io.stampede.coordinator.experiment.suite;

import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.run.ScenarioSource;

/**
 * A test at one open-model rate, as Fortio runs the harness's tests: {@code qps} iterations per
 * second for {@code duration}, at most {@code connections} in flight.
 *
 * @param testName     results go under {@code <test_name>/}
 * @param url          the URL every iteration GETs; null for a scenario test
 * @param scenarioFile the scenario file of a scenario test; null for a url test
 * @param scenario     what the workers run: the scenario file, or a one-step GET of the url
 * @param qps          iterations started per second, across all workers
 * @param duration     how long each recorded run lasts (Fortio's {@code t})
 * @param connections  at most this many iterations in flight (Fortio's {@code c})
 * @param warmUp       an unrecorded run at the same rate before the first recorded one; zero for none
 * @param repeats      recorded runs of the test
 * @param coolDown     pause after each run before the next one; zero for none
 * @param step         the Prometheus range-query resolution
 */
public record FixedRateTest(String testName, String url, Path scenarioFile, ScenarioSource scenario, double qps,
                            Duration duration, int connections, Duration warmUp, int repeats, Duration coolDown,
                            Duration step) implements SuiteEntry {

    /** The same test against another URL (a url test only). */
    public FixedRateTest withUrl(String newUrl) {
        return new FixedRateTest(testName, newUrl, null, UrlScenario.of(testName, newUrl), qps, duration, connections,
                warmUp, repeats, coolDown, step);
    }
}
