package io.stampede.coordinator.experiment;

import java.io.IOException;
import java.net.URI;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStores;
import io.stampede.coordinator.experiment.suite.Suite;

/**
 * The checks every suite passes before its first run, whether {@code experiment run} or the UI
 * started it: a Prometheus that answers when the suite has metrics, a results location that
 * takes files. Each failure names the setting it is about (an option, a property).
 */
public final class ExperimentSetup {

    private ExperimentSetup() {
    }

    /**
     * The Prometheus the suite's metrics are captured from, checked reachable; null when there is
     * no URL and the suite has no metrics.
     *
     * @param setting the option or property {@code url} came from, for the messages
     * @throws Refused naming {@code setting}: no URL for a suite with metrics, a bad URL, or Prometheus not answering
     */
    public static PrometheusClient prometheus(Suite suite, String url, String setting) throws Refused, InterruptedException {
        if (url == null || url.isBlank()) {
            if (!suite.metrics().isEmpty()) {
                throw new Refused(false, setting + ": required, the suite has " + suite.metrics().size()
                        + " metric(s) to capture (" + String.join(", ", suite.metrics().keySet()) + ")");
            }
            return null;
        }
        String problem = LaunchCommand.HostValidator.problem(url);
        if (problem != null) {
            throw new Refused(false, setting + ": " + problem);
        }
        PrometheusClient client = new PrometheusClient(URI.create(url));
        try {
            client.checkReachable();
        } catch (PrometheusClient.PrometheusUnavailable e) {
            throw new Refused(true, setting + ": " + e.getMessage() + "; nothing was run");
        }
        return client;
    }

    /**
     * Checks that {@code store} can take results (for S3: bucket, credentials, list and put).
     *
     * @param setting the option or property the location came from, with the location, for the message
     * @throws Refused naming {@code setting} and what is wrong
     */
    public static void checkResults(ResultsStore store, String setting) throws Refused {
        try {
            ResultsStores.preflight(store);
        } catch (IOException | RuntimeException e) {
            throw new Refused(true, setting + ": " + e.getMessage() + "; nothing was run");
        }
    }

    /**
     * A suite that cannot start as set up; the message says which setting and why.
     * {@code unavailable}: a service it needs does not answer or refuses (the setting may be right),
     * otherwise the setting or the suite is wrong.
     */
    public static final class Refused extends Exception {

        private final boolean unavailable;

        Refused(boolean unavailable, String message) {
            super(message);
            this.unavailable = unavailable;
        }

        public boolean unavailable() {
            return unavailable;
        }
    }
}
