package io.stampede.coordinator.experiment;

import java.util.Map;

/**
 * One recorded run of a suite, as written to the results.
 *
 * @param testName     the test
 * @param repeat       1-based
 * @param directory    where its files are in the store: {@code <test_name>/<YYYYMMDDHHMMSS>}
 * @param exitCode     0 passed, 1 a request failed, a threshold was breached or the run failed
 * @param metricErrors metric name → why its query failed; empty when every query succeeded
 */
public record RecordedRun(String testName, int repeat, String directory, int exitCode, Map<String, String> metricErrors) {

    public RecordedRun {
        metricErrors = Map.copyOf(metricErrors);
    }
}
