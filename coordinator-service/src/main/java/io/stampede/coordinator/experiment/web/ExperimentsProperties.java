package io.stampede.coordinator.experiment.web;

import java.time.Duration;

import io.stampede.coordinator.experiment.ExperimentCommand;
import io.stampede.coordinator.experiment.TopologySettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code stampede.experiments.*}: the Experiments page's suites and results (docs/experiments.md).
 *
 * @param results                  where suites started from the UI write their runs and where the analysis reads them: a
 *                                 directory or {@code s3://bucket/prefix}; unset: {@link ExperimentCommand#DEFAULT_RESULTS}, as
 *                                 {@code experiment run} without {@code --results}
 * @param prometheusUrl            the Prometheus the suites' metrics are queried from; unset: suites with metrics are refused
 * @param maxRunsListed            at most this many recorded runs (the newest) are read per listing
 * @param topology                 {@code none} (default: suites with a {@code backends_map} are refused), {@code local}
 *                                 (sample-workload processes beside the coordinator) or {@code kubernetes}: as
 *                                 {@code experiment run --topology}
 * @param topologyNamespace        kubernetes: the namespace (as {@code --namespace}); unset: the pod's own
 * @param topologySampleWorkload   local: the sample-workload jar; kubernetes: its image (as {@code --sample-workload})
 * @param topologyTimeout          how long to wait for the nodes (as {@code --topology-timeout}); unset: 2 min local,
 *                                 5 min kubernetes; 0 with kubernetes: do not wait for the pods
 */
@ConfigurationProperties(ExperimentsProperties.PREFIX)
public record ExperimentsProperties(String results, String prometheusUrl, int maxRunsListed, String topology,
                                    String topologyNamespace, String topologySampleWorkload, Duration topologyTimeout) {

    public static final String PREFIX = "stampede.experiments";

    @ConstructorBinding
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
        topologySettings(topology, topologyNamespace, topologySampleWorkload, topologyTimeout);
    }

    /** Results and Prometheus only: no topology. */
    public ExperimentsProperties(String results, String prometheusUrl, int maxRunsListed) {
        this(results, prometheusUrl, maxRunsListed, null, null, null, null);
    }

    /** How suites started from the UI deploy their backends_map. */
    public TopologySettings topologySettings() {
        return topologySettings(topology, topologyNamespace, topologySampleWorkload, topologyTimeout);
    }

    private static TopologySettings topologySettings(String kind, String namespace, String sampleWorkload, Duration timeout) {
        try {
            return new TopologySettings(kind, namespace, sampleWorkload, timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("timeout:")
                    ? PREFIX + ".topology-timeout" + e.getMessage().substring("timeout".length())
                    : PREFIX + ".topology" + e.getMessage().substring("kind".length()), e);
        }
    }
}
