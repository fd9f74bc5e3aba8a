package io.stampede.coordinator.experiment;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.topology.Topologies;
import io.stampede.coordinator.experiment.topology.Topology;

/**
 * Whether and how suites deploy their {@code backends_map}: the {@code experiment run} options
 * {@code --topology}, {@code --namespace}, {@code --sample-workload}, {@code --topology-timeout},
 * and for suites started from the UI {@code stampede.experiments.topology*}. One place for both,
 * so a suite's topology comes up and is aimed at the same way however it was started.
 *
 * @param kind           {@value #NONE}, {@value Topologies#LOCAL} or {@value Topologies#KUBERNETES}
 * @param namespace      kubernetes: the namespace; null: the client's (the pod's own, else the kubeconfig's)
 * @param sampleWorkload local: the sample-workload jar; kubernetes: its image; null: the default
 * @param readyTimeout   how long to wait for the nodes; null: the default; zero with kubernetes: do not wait
 */
public record TopologySettings(String kind, String namespace, String sampleWorkload, Duration readyTimeout) {

    public static final String NONE = "none";
    public static final List<String> KINDS = List.of(NONE, Topologies.LOCAL, Topologies.KUBERNETES);
    public static final TopologySettings OFF = new TopologySettings(NONE, null, null, null);

    /** @throws IllegalArgumentException for another kind or a negative timeout, saying which ("kind: ..." / "timeout: ...") */
    public TopologySettings {
        kind = kind == null || kind.isBlank() ? NONE : kind.strip().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind: expected none, local or kubernetes, got '" + kind + "'");
        }
        if (readyTimeout != null && readyTimeout.isNegative()) {
            throw new IllegalArgumentException("timeout: must be >= 0, got " + readyTimeout.toSeconds());
        }
        namespace = namespace == null || namespace.isBlank() ? null : namespace.strip();
        sampleWorkload = sampleWorkload == null || sampleWorkload.isBlank() ? null : sampleWorkload.strip();
    }

    /** Whether a suite's backends_map is deployed at all. */
    public boolean deploys() {
        return !NONE.equals(kind);
    }

    /** A new topology of this kind (for kubernetes: after sweeping a crashed suite's leftovers); the caller closes it. */
    public Topology create() {
        return Topologies.create(kind, namespace, sampleWorkload, readyTimeout);
    }

    /**
     * Deploys the suite's backends_map with {@code topology} and returns the suite with its
     * tests' URLs that name the entry node aimed at the deployed entry. The caller owns
     * {@code topology}: it closes it after the suite, and also when this throws (a half-deployed
     * topology is removed like a whole one).
     */
    public Suite deploy(Suite suite, Topology topology, PrintStream out) throws Exception {
        if (suite.backendsMap() == null) {
            throw new IllegalArgumentException("the suite has no backends_map to deploy");
        }
        String entryNode = suite.backendsMap().entryNode();
        URI entry = topology.deploy(suite.backendsMap());
        out.printf("topology deployed (%s): entry node %s at %s%n", kind, entryNode, entry);
        return suite.withEntry(entryNode, entry);
    }
}
