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
     * or the kubeconfig, a new suite id, waiting up to 5 minutes for the pods). A kubernetes
     * topology first deletes the leftovers of an earlier suite that crashed in that namespace.
     *
     * @param namespace the Kubernetes namespace; null: the client's (the pod's own namespace in
     *                  the cluster, else the kubeconfig context's, else {@code default})
     * @throws IllegalArgumentException for another kind
     */
    public static Topology create(String kind, String namespace) {
        return create(kind, namespace, null);
    }

    /**
     * As {@link #create(String, String)} with another sample-workload: its jar for {@code local},
     * its image for {@code kubernetes}; null: the default.
     */
    public static Topology create(String kind, String namespace, String sampleWorkload) {
        return create(kind, namespace, sampleWorkload, null);
    }

    /**
     * As {@link #create(String, String, String)}, waiting at most {@code readyTimeout} for the
     * nodes: for the local processes to answer, for the Kubernetes Deployments to be available
     * ({@code 0}: do not wait for them); null: the default (2 minutes local, 5 kubernetes).
     */
    public static Topology create(String kind, String namespace, String sampleWorkload, java.time.Duration readyTimeout) {
        return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case LOCAL -> {
                LocalProcessTopology.Options options = LocalProcessTopology.Options.defaults();
                if (sampleWorkload != null) {
                    options = options.withJar(java.nio.file.Path.of(sampleWorkload));
                }
                if (readyTimeout != null && readyTimeout.isPositive()) {
                    options = options.withStartTimeout(readyTimeout);
                }
                yield new LocalProcessTopology(options);
            }
            case KUBERNETES -> {
                KubernetesTopology.Options options = KubernetesTopology.Options.defaults();
                if (sampleWorkload != null) {
                    options = options.withImage(sampleWorkload);
                }
                if (readyTimeout != null) {
                    options = options.withReadyTimeout(readyTimeout.isPositive() ? readyTimeout : null);
                }
                yield kubernetes(namespace, TopologyLabels.newSuiteId(), options);
            }
            default -> throw new IllegalArgumentException("topology: must be '" + LOCAL + "' or '" + KUBERNETES
                    + "', got '" + kind + "'");
        };
    }

    /**
     * A kubernetes topology with its own client (closed with it), suite id and options, after
     * sweeping what a crashed earlier suite left in the namespace.
     */
    public static KubernetesTopology kubernetes(String namespace, String suiteId, KubernetesTopology.Options options) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            String ns = namespace == null || namespace.isBlank()
                    ? (client.getNamespace() == null ? "default" : client.getNamespace()) : namespace;
            KubernetesTopology topology = new KubernetesTopology(client, true, ns, suiteId, options);
            try {
                topology.sweepLeftovers();
            } catch (RuntimeException e) {
                topology.close();
                throw e;
            }
            return topology;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
