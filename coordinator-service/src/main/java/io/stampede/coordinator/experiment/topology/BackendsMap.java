package io.stampede.coordinator.experiment.topology;

import java.util.List;
import java.util.Map;

/**
 * The App Mesh harness's {@code backends_map}: each node's name and the nodes it calls through
 * {@code BACKENDS} (e.g. {@code {"0": ["1", "2"], "1": [], "2": []}}). The entry node is the one
 * no other node calls (the harness's "0").
 *
 * @param backends node name → names of the nodes it calls, in file order
 */
public record BackendsMap(Map<String, List<String>> backends) {

    public BackendsMap {
        backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
    }

    /** The node no other node calls; the first such node in file order. */
    public String entryNode() {
        return backends.keySet().stream()
                .filter(node -> backends.values().stream().noneMatch(callees -> callees.contains(node)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("backends_map has a cycle through every node: no entry node"));
    }
}
