package io.stampede.core.scenario.read;

import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping checked against its grammar type by {@link NodeReader#object}: only declared
 * keys, no duplicates. Asking for a key the type does not declare is a bug in a reader and throws.
 */
final class TypedMapping {

    final MappingNode node;
    final ObjectType type;
    final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    TypedMapping(MappingNode node, ObjectType type) {
        this.node = node;
        this.type = type;
    }

    /** The declared keys present, in document order. */
    Set<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        type.field(key);
        return entries.containsKey(key);
    }

    Node value(String key) {
        type.field(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    Node key(String key) {
        type.field(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }
}
