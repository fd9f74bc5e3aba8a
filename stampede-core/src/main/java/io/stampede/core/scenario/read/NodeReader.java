package io.stampede.core.scenario.read;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.stampede.core.scenario.Durations;
import io.stampede.core.scenario.ScenarioError;
import io.stampede.core.scenario.TemplateSyntax;
import io.stampede.core.scenario.read.Grammar.Choice;
import io.stampede.core.scenario.read.Grammar.Field;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Access to SnakeYAML's node tree (which keeps line and column of every value): mappings
 * checked against their {@link Grammar} type, scalars of each kind, and the errors found, each
 * with its position and a hint. Readers report here and go on, so a scenario's every problem
 * is listed at once. One instance per scenario read.
 */
final class NodeReader {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String source;
    private final List<ScenarioError> errors = new ArrayList<>();

    NodeReader(String source) {
        this.source = source;
    }

    List<ScenarioError> errors() {
        return errors;
    }

    /** The mapping checked against the grammar's type: only declared keys, no duplicates, required keys and choices present. */
    TypedMapping object(Node node, String typeName) {
        ObjectType type = ScenarioGrammar.type(typeName);
        if (!(node instanceof MappingNode mapping)) {
            error(node, "expected " + article(typeName) + " (a mapping with keys " + String.join(", ", type.fields().keySet())
                    + ") but got " + describe(node), null);
            return null;
        }
        TypedMapping o = new TypedMapping(mapping, type);
        boolean unknown = false;
        for (NodeTuple t : entries(mapping)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!type.fields().containsKey(key)) {
                unknown = true;
                error(t.getKeyNode(), "unknown key '" + key + "' in " + typeName,
                        Hints.didYouMean(key, type.fields().keySet(), "allowed keys"));
            } else {
                o.entries.put(key, t);
            }
        }
        if (unknown) {
            return o; // a misspelt key would also be reported missing: one error is enough
        }
        for (Field f : type.fields().values()) {
            if (f.required() && !o.entries.containsKey(f.key())) {
                error(mapping, "missing key '" + f.key() + "' in " + typeName, "add " + f.key() + ": " + f.doc());
            }
        }
        for (NodeTuple t : o.entries.values()) {
            // Fixed-size lists ([min, max]) are checked where they are read, with a better message.
            if (type.fields().get(((ScalarNode) t.getKeyNode()).getValue()).shape() instanceof Grammar.ListOf l
                    && l.minItems() != l.maxItems() && t.getValueNode() instanceof SequenceNode seq && seq.getValue().size() < l.minItems()) {
                error(t.getValueNode(), ((ScalarNode) t.getKeyNode()).getValue() + " needs at least " + l.minItems()
                        + " item" + (l.minItems() == 1 ? "" : "s"), null);
            }
        }
        for (Choice c : type.choices()) {
            long present = c.keys().stream().filter(o.entries::containsKey).count();
            boolean ok = switch (c.kind()) {
                case EXACTLY_ONE -> present == 1;
                case AT_MOST_ONE -> present <= 1;
                case AT_LEAST_ONE -> present >= 1;
            };
            if (!ok) {
                error(mapping, typeName + " needs " + c.describe() + (present > 1 ? ", not several" : ""), null);
            }
        }
        return o;
    }

    /** The mapping's entries with string keys, reporting non-string and duplicate keys. */
    List<NodeTuple> entries(MappingNode mapping) {
        List<NodeTuple> result = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                error(t.getKeyNode(), "keys must be plain text, got " + describe(t.getKeyNode()), null);
                continue;
            }
            if (k.getValue().equals("<<")) {
                error(k, "YAML merge keys (<<) are not supported", "repeat the keys, or use variables for shared values");
                continue;
            }
            Node first = seen.putIfAbsent(k.getValue(), k);
            if (first != null) {
                error(k, "duplicate key '" + k.getValue() + "' (first at line " + (first.getStartMark().getLine() + 1) + ")",
                    "remove one of them");
                continue;
            }
            result.add(t);
        }
        return result;
    }

    List<Node> list(Node node, String what) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        error(node, "expected " + what + " but got " + describe(node), "write each item on its own line starting with '- '");
        return List.of();
    }

    // ---------------------------------------------------------------- scalars

    /** A scalar's text, or null (reported) for lists, mappings and empty values. */
    String scalar(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        error(node, "expected " + what + " but got " + describe(node), null);
        return null;
    }

    String string(TypedMapping o, String key) {
        Node n = o.value(key);
        return n == null ? null : scalar(n, "text");
    }

    String name(TypedMapping o, String key) {
        Node n = o.value(key);
        return n == null ? null : variableName(n);
    }

    String variableName(Node n) {
        String s = scalar(n, "a name");
        if (s == null) {
            return null;
        }
        if (!IDENTIFIER.matcher(s).matches()) {
            error(n, "'" + s + "' is not a valid name", "letters, digits and _, not starting with a digit");
            return null;
        }
        if (TemplateSyntax.BUILT_INS.contains(s) || s.equals("random")) {
            error(n, "'" + s + "' is a built-in and cannot be redefined", "choose another name");
            return null;
        }
        return s;
    }

    Integer integer(TypedMapping o, String key) {
        Node n = o.value(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                return Integer.parseInt(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        error(n, "expected a whole number but got " + describe(n), null);
        return null;
    }

    Boolean bool(TypedMapping o, String key, Boolean absent) {
        Node n = o.value(key);
        if (n == null) {
            return absent;
        }
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT))
                    || Set.of("yes", "on", "y").contains(s.getValue().toLowerCase(Locale.ROOT));
        }
        error(n, "expected true or false but got " + describe(n), null);
        return absent;
    }

    Duration duration(TypedMapping o, String key) {
        Node n = o.value(key);
        return n == null ? null : durationValue(n);
    }

    Duration durationValue(Node n) {
        String text = scalar(n, "a duration like 500ms, 1s or 1m30s");
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(n, "'" + text + "' is not a duration", isNumber(n) ? "add a unit: " + text + "s or " + text + "ms"
                    : "e.g. 500ms, 1s, 1m30s, 1h");
            return null;
        }
    }

    Duration[] durationRange(Node node) {
        List<Node> items = list(node, "[min, max]");
        if (node instanceof SequenceNode && items.size() != 2) {
            error(node, "expected two durations [min, max] but got " + items.size(), "[1s, 2s]");
            return null;
        }
        if (items.size() != 2) {
            return null;
        }
        Duration min = durationValue(items.get(0));
        Duration max = durationValue(items.get(1));
        if (min == null || max == null) {
            return null;
        }
        if (min.compareTo(max) > 0) {
            error(node, "min " + Durations.format(min) + " is greater than max " + Durations.format(max), "swap them");
            return null;
        }
        return new Duration[]{min, max};
    }

    <E extends Enum<E>> E enumValue(TypedMapping o, String key, Class<E> type, E absent) {
        Node n = o.value(key);
        if (n == null) {
            return absent;
        }
        // The grammar says how the constants are written, in the order of the enum.
        List<String> names = ((Grammar.OneOfValues) o.type.field(key).shape()).values();
        String v = oneOf(n, names, key);
        return v == null ? absent : type.getEnumConstants()[names.indexOf(v)];
    }

    String oneOf(Node n, List<String> allowed, String what) {
        String v = scalar(n, "one of " + String.join(", ", allowed));
        if (v == null) {
            return null;
        }
        if (!allowed.contains(v)) {
            error(n, "'" + v + "' is not a valid " + what, Hints.didYouMean(v, allowed, "allowed"));
            return null;
        }
        return v;
    }

    static boolean isNumber(Node n) {
        return n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
    }

    Pattern regex(Node node, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            error(node, "invalid regular expression: " + e.getDescription(), "near index " + e.getIndex() + " of '" + regex + "'");
            return null;
        }
    }

    String jsonPath(Node node) {
        String path = scalar(node, "a JSONPath like $.Id");
        if (path == null) {
            return null;
        }
        if (!path.startsWith("$")) {
            error(node, "a JSONPath starts with $, got '" + path + "'", "$." + path);
            return null;
        }
        try {
            JsonPath.compile(path);
            return path;
        } catch (InvalidPathException e) {
            error(node, "invalid JSONPath '" + path + "': " + e.getMessage().strip(), "e.g. $.Id, $.items[0].name, $..id");
            return null;
        } catch (RuntimeException e) {
            // json-path reports some malformed paths with a bare runtime exception and no useful message
            error(node, "invalid JSONPath '" + path + "'", "e.g. $.Id, $.items[0].name, $..id");
            return null;
        }
    }
    // ---------------------------------------------------------------- errors

    private static String article(String typeName) {
        return ("aeiou".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }

    static String describe(Node node) {
        return switch (node) {
            case null -> "nothing";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "an empty value";
            case ScalarNode s -> "'" + s.getValue() + "'";
            case SequenceNode s -> "a list";
            case MappingNode m -> "a mapping";
            default -> "'" + node.getNodeId() + "'";
        };
    }

    void error(Node node, String message, String hint) {
        error(node == null ? null : node.getStartMark(), message, hint);
    }

    /** An error at character {@code offset} of a scalar's value: exact when the scalar is written on one line without escapes. */
    void error(ScalarNode node, int offset, String message, String hint) {
        Mark start = node.getStartMark();
        Mark end = node.getEndMark();
        int quote = switch (node.getScalarStyle()) {
            case PLAIN -> 0;
            case SINGLE_QUOTED, DOUBLE_QUOTED -> 1;
            default -> -1;
        };
        boolean exact = quote >= 0 && start.getLine() == end.getLine()
                && end.getIndex() - start.getIndex() == node.getValue().length() + 2 * quote;
        int column = start.getColumn() + 1 + (exact ? quote + offset : 0);
        error(start.getLine() + 1, column, message, hint);
    }

    void error(Mark mark, String message, String hint) {
        if (mark == null) {
            error(1, 1, message, hint);
        } else {
            error(mark.getLine() + 1, mark.getColumn() + 1, message, hint);
        }
    }

    void error(int line, int column, String message, String hint) {
        errors.add(new ScenarioError(source, line, column, message, hint));
    }
}
