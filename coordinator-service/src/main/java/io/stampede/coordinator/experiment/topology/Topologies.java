package io.stampede.coordinator.experiment.topology;

import java.util.Locale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The topology of a suite by kind: {@code local} processes or {@code kubernetes} objects. */
public final class Topologies {

    public static final String LOCAL = "local";
    public static final String KUBERNETES = "kubernetes";

    private Topologies() {
    }

    /**
     * A topology of {@code kind} with default options: {@code local} (sample-workload processes
     * from {@code sample-workload/target/sample-workload.jar}; {@code namespace} is ignored) or
     * {@code kubernetes} (objects in {@code namespace}, through the in-cluster service account
     * or the kubeconfig, a new suite id, waiting up to 5 minutes for the pods).
     *
     * @throws IllegalArgumentException for another kind, or a kubernetes topology without a namespace
     */
    public static Topology create(String kind, String namespace) {
        return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case LOCAL -> new LocalProcessTopology(LocalProcessTopology.Options.defaults());
            case KUBERNETES -> kubernetes(namespace, TopologyLabels.newSuiteId(), KubernetesTopology.Options.defaults());
            default -> throw new IllegalArgumentException("topology: must be '" + LOCAL + "' or '" + KUBERNETES
                    + "', got '" + kind + "'");
        };
    }

    /** A kubernetes topology with its own client (closed with it), suite id and options. */
    public static KubernetesTopology kubernetes(String namespace, String suiteId, KubernetesTopology.Options options) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace: required for a kubernetes topology");
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            return new KubernetesTopology(client, true, namespace, suiteId, options);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
