package io.stampede.core.scenario.read;

import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Bounds what a scenario expands to. SnakeYAML composes an alias as a second reference to its
 * anchor's node, so the composed graph stays as small as the text; but everything that reads it
 * (a {@code json:} body, a manifest, the step list) walks it as a tree, where each alias is a
 * full copy. 48 aliases of 6 aliases each (an 834-byte "billion laughs") are 1.7 million nodes
 * that way. This measures the tree size in one pass over the graph (each node's size computed
 * once) and, over the budget, names the smallest mapping or sequence that breaks it.
 */
final class ExpansionBudget {

    /** Nodes of the expanded tree (mappings, sequences, scalars; a mapping entry counts its key and value). */
    static final long MAX_NODES = 200_000;
    /** Characters of all scalars of the expanded tree. */
    static final long MAX_CHARS = 8L * 1024 * 1024;

    private record Size(long nodes, long chars) {

        boolean over() {
            return nodes > MAX_NODES || chars > MAX_CHARS;
        }
    }

    private final Map<Node, Size> sizes = new IdentityHashMap<>();

    private ExpansionBudget() {
    }

    /** Reports to {@code nodes} and returns false when the tree under {@code root} is over the budget. */
    static boolean check(Node root, NodeReader nodes) {
        ExpansionBudget budget = new ExpansionBudget();
        Size total = budget.size(root);
        if (!total.over()) {
            return true;
        }
        Node culprit = budget.smallestOver(root);
        nodes.error(culprit, "the scenario expands to more than " + MAX_NODES + " nodes or " + MAX_CHARS
                        + " characters (" + (total.nodes() > MAX_NODES ? total.nodes() + " nodes"
                        : total.chars() + " characters") + "): aliases (*name) repeat their anchor's content, here"
                        + " within this " + kind(culprit),
                "use fewer or smaller aliases; each one is a full copy of its anchor");
        return false;
    }

    private Size size(Node node) {
        Size known = sizes.get(node);
        if (known != null) {
            return known;
        }
        // A recursive alias (an anchor used inside itself) would never end: count it once.
        sizes.put(node, new Size(1, 0));
        long count = 1;
        long chars = 0;
        switch (node) {
            case ScalarNode s -> chars = s.getValue().length();
            case SequenceNode s -> {
                for (Node child : s.getValue()) {
                    Size c = size(child);
                    count = saturatedAdd(count, c.nodes());
                    chars = saturatedAdd(chars, c.chars());
                }
            }
            case MappingNode m -> {
                for (NodeTuple t : m.getValue()) {
                    for (Node child : new Node[] {t.getKeyNode(), t.getValueNode()}) {
                        Size c = size(child);
                        count = saturatedAdd(count, c.nodes());
                        chars = saturatedAdd(chars, c.chars());
                    }
                }
            }
            default -> { }
        }
        Size size = new Size(count, chars);
        sizes.put(node, size);
        return size;
    }

    /** Walks down the largest over-budget child while there is one: the collection where the blow-up happens. */
    private Node smallestOver(Node root) {
        Node current = root;
        for (int depth = 0; depth < 10_000; depth++) {
            Node next = null;
            for (Node child : children(current)) {
                if (sizes.get(child).over() && child != current) {
                    next = child;
                    break;
                }
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static Iterable<Node> children(Node node) {
        return switch (node) {
            case SequenceNode s -> s.getValue();
            case MappingNode m -> m.getValue().stream().map(NodeTuple::getValueNode).toList();
            default -> java.util.List.of();
        };
    }

    private static String kind(Node node) {
        return node instanceof SequenceNode ? "list" : node instanceof MappingNode ? "mapping" : "value";
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
