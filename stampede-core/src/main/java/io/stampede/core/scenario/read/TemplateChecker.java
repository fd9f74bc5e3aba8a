package io.stampede.core.scenario.read;

import io.stampede.core.scenario.TemplateSyntax;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks {@code ${...}} templates against the {@link Scope} they are used in: the syntax, and
 * that every variable or feeder column they name is defined at that point (with a hint naming
 * what is). Reports through the {@link NodeReader}, at the template's exact column when it can.
 */
final class TemplateChecker {

    private final NodeReader nodes;

    TemplateChecker(NodeReader nodes) {
        this.nodes = nodes;
    }

    /** A scalar used as a template: syntax checked, every variable it uses defined. Numbers and booleans become text. */
    String template(Node node, Scope scope) {
        String text = nodes.scalar(node, "text");
        if (text == null) {
            return null;
        }
        checkTemplate((ScalarNode) node, text, scope);
        return text;
    }

    private void checkTemplate(ScalarNode node, String text, Scope scope) {
        if (!text.contains("${")) {
            return;
        }
        List<TemplateSyntax.Reference> references;
        try {
            references = TemplateSyntax.references(text);
        } catch (TemplateSyntax.SyntaxException e) {
            nodes.error(node, e.offset(), e.getMessage(), "write ${name}, ${feeder.column} or a built-in such as ${random.uuid}");
            return;
        }
        for (TemplateSyntax.Reference ref : references) {
            if (!ref.builtIn() && !scope.defines(ref.expression())) {
                nodes.error(node, ref.offset(), "undefined variable '${" + ref.expression() + "}'", undefinedHint(ref.expression(), scope));
            }
        }
    }

    String undefinedHint(String name, Scope scope) {
        Set<String> known = new TreeSet<>(scope.names);
        known.addAll(TemplateSyntax.BUILT_INS);
        int dot = name.indexOf('.');
        String prefix = dot > 0 ? name.substring(0, dot) : null;
        if (prefix != null && scope.columns.containsKey(prefix)) {
            return "feeder '" + prefix + "' has the columns " + String.join(", ", scope.columns.get(prefix));
        }
        if (prefix != null && !prefix.equals("random") && !prefix.equals("user") && !prefix.equals("timestamp")
                && !scope.names.contains(name)) {
            return "no feeder is named '" + prefix + "'" + (scope.feeders.isEmpty() ? "" : "; feeders: "
                    + String.join(", ", new TreeSet<>(scope.feeders)));
        }
        return Hints.closest(name, known).map(c -> "did you mean '" + c + "'? ").orElse("")
                + "define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column}";
    }

    Map<String, String> templateMap(Node node, Scope scope, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null) {
            return map;
        }
        if (!(node instanceof MappingNode m)) {
            nodes.error(node, "expected a mapping of " + what + " but got " + NodeReader.describe(node), null);
            return map;
        }
        for (NodeTuple t : nodes.entries(m)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            checkTemplate((ScalarNode) t.getKeyNode(), key, scope);
            String value = template(t.getValueNode(), scope);
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    /** A YAML value as a JSON tree (Map, List, String, Long, Double, Boolean, null); strings checked as templates. */
    Object jsonValue(Node node, Scope scope) {
        switch (node) {
            case ScalarNode s -> {
                Tag tag = s.getTag();
                String v = s.getValue();
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (tag.equals(Tag.BOOL)) {
                    return v.equalsIgnoreCase("true") || Set.of("yes", "on", "y").contains(v.toLowerCase(Locale.ROOT));
                }
                if (tag.equals(Tag.INT)) {
                    try {
                        return Long.parseLong(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        return new java.math.BigInteger(v.replace("_", ""));
                    }
                }
                if (tag.equals(Tag.FLOAT)) {
                    try {
                        return Double.parseDouble(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        nodes.error(s, "'" + v + "' is not a number JSON can carry", "quote it to send it as text");
                        return null;
                    }
                }
                checkTemplate(s, v, scope);
                return v;
            }
            case SequenceNode seq -> {
                List<Object> list = new ArrayList<>();
                for (Node n : seq.getValue()) {
                    list.add(jsonValue(n, scope));
                }
                return Collections.unmodifiableList(list);
            }
            case MappingNode m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple t : nodes.entries(m)) {
                    map.put(((ScalarNode) t.getKeyNode()).getValue(), jsonValue(t.getValueNode(), scope));
                }
                return Collections.unmodifiableMap(map);
            }
            default -> {
                nodes.error(node, "unsupported YAML node " + NodeReader.describe(node), null);
                return null;
            }
        }
    }
}
