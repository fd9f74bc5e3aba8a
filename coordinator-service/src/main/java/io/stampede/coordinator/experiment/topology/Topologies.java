package io.stampede.coordinator.experiment.topology;

/** The {@link Topology} an {@code experiment run --topology KIND} deploys its suite's {@code backends_map} with. */
public final class Topologies {

    private Topologies() {
    }

    /**
     * @param kind      {@code local} or {@code kubernetes}
     * @param namespace the Kubernetes namespace; null for the default
     * @throws UnsupportedOperationException for a kind this build cannot deploy
     */
    public static Topology create(String kind, String namespace) {
        throw new UnsupportedOperationException("topology " + kind + " not built yet");
    }
}
