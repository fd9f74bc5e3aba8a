package io.stampede.coordinator.experiment.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.suite.SuiteNode.Mapping;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.coordinator.experiment.suite.SuiteNode.Sequence;
import io.stampede.coordinator.experiment.topology.BackendsMap;

/**
 * {@code backends_map: {"0": ["1"], "1": []}}: every node named once, an entry node present; a
 * callee that is no key is a leaf node, as the harness reads it.
 */
final class BackendsMapReader {

    private BackendsMapReader() {
    }

    /** The map, or null when it has errors (reported). */
    static BackendsMap read(SuiteNode node, SuiteReading reading) {
        if (!(node instanceof Mapping mapping) || mapping.members().isEmpty()) {
            reading.error(node.position(), "backends_map", "expected a non-empty mapping of node name to the names of the nodes"
                    + " it calls, e.g. {\"0\": [\"1\"], \"1\": []}, but got " + SuiteNode.describe(node));
            return null;
        }
        int errorsBefore = reading.errors().size();
        Map<String, List<String>> backends = new LinkedHashMap<>();
        for (Member member : mapping.members()) {
            String key = "backends_map." + member.key();
            if (!SafeName.isSafe(member.key())) {
                reading.error(member.keyPosition(), key, "the node name " + SafeName.RULE);
                continue;
            }
            if (backends.containsKey(member.key())) {
                reading.error(member.keyPosition(), key, "repeated node");
                continue;
            }
            List<String> names = new ArrayList<>();
            if (!(member.value() instanceof Sequence list)) {
                reading.error(member.value().position(), key, "expected a list of node names (empty for a leaf) but got "
                        + SuiteNode.describe(member.value()));
            } else {
                for (SuiteNode item : list.items()) {
                    String callee = reading.string(item, key);
                    if (callee != null) {
                        names.add(callee);
                    }
                }
            }
            backends.put(member.key(), names);
        }
        // The harness creates a node for every name in the map, callee or key: {"0": ["1"]} has a leaf "1".
        List<String> leaves = backends.values().stream().flatMap(List::stream)
                .filter(callee -> !backends.containsKey(callee)).distinct().toList();
        leaves.forEach(leaf -> backends.put(leaf, List.of()));
        if (reading.errors().size() > errorsBefore) {
            return null;
        }
        BackendsMap map = new BackendsMap(backends);
        try {
            map.entryNode();
        } catch (IllegalStateException e) {
            reading.error(node.position(), "backends_map", "every node is called by another: no entry node");
            return null;
        }
        return map;
    }
}
