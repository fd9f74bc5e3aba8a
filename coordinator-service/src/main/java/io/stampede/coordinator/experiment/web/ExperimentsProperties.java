package io.stampede.coordinator.experiment.web;

import io.stampede.coordinator.experiment.ExperimentCommand;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.experiments.*}: the Experiments page's suites and results (docs/experiments.md).
 *
 * @param results       where suites started from the UI write their runs and where the analysis reads them: a
 *                      directory or {@code s3://bucket/prefix}; unset: {@link ExperimentCommand#DEFAULT_RESULTS}, as
 *                      {@code experiment run} without {@code --results}
 * @param prometheusUrl the Prometheus the suites' metrics are queried from; unset: suites with metrics are refused
 * @param maxRunsListed at most this many recorded runs (the newest) are read per listing
 */
@ConfigurationProperties(ExperimentsProperties.PREFIX)
public record ExperimentsProperties(String results, String prometheusUrl, int maxRunsListed) {

    public static final String PREFIX = "stampede.experiments";

    public ExperimentsProperties {
        if (results == null || results.isBlank()) {
            results = ExperimentCommand.DEFAULT_RESULTS;
        }
        if (prometheusUrl != null && prometheusUrl.isBlank()) {
            prometheusUrl = null;
        }
        if (maxRunsListed < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-runs-listed: must be >= 1, got " + maxRunsListed);
        }
    }
}
