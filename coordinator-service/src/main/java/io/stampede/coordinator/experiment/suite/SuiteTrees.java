package io.stampede.coordinator.experiment.suite;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import io.stampede.coordinator.experiment.suite.SuiteNode.Kind;
import io.stampede.coordinator.experiment.suite.SuiteNode.Mapping;
import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.coordinator.experiment.suite.SuiteNode.Position;
import io.stampede.coordinator.experiment.suite.SuiteNode.Scalar;
import io.stampede.coordinator.experiment.suite.SuiteNode.Sequence;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/** Builds a {@link SuiteNode} tree from a suite file's text; syntax errors carry their position. */
final class SuiteTrees {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SuiteTrees() {
    }

    /** JSON through Jackson's streaming parser, which knows each token's line and column. */
    static SuiteNode json(String text, String source) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw syntax(new Position(source, 1, 1), "the file is empty");
            }
            SuiteNode root = jsonValue(parser, source);
            if (parser.nextToken() != null) {
                throw syntax(position(parser.currentTokenLocation(), source), "invalid JSON: more content after the top-level value");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            Position position = at == null ? new Position(source, 1, 1) : position(at, source);
            throw syntax(position, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static SuiteNode jsonValue(JsonParser parser, String source) {
        Position at = position(parser.currentTokenLocation(), source);
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                List<Member> members = new ArrayList<>();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    Position keyAt = position(parser.currentTokenLocation(), source);
                    parser.nextToken();
                    members.add(new Member(key, keyAt, jsonValue(parser, source)));
                }
                yield new Mapping(at, members);
            }
            case START_ARRAY -> {
                List<SuiteNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(jsonValue(parser, source));
                }
                yield new Sequence(at, items);
            }
            case VALUE_STRING -> new Scalar(at, parser.getString(), Kind.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(at, parser.getText(), Kind.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(at, parser.getText(), Kind.BOOLEAN);
            case VALUE_NULL -> new Scalar(at, null, Kind.NULL);
            default -> throw syntax(at, "invalid JSON: unexpected " + parser.currentToken());
        };
    }

    private static Position position(TokenStreamLocation location, String source) {
        return new Position(source, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** YAML through SnakeYAML's composer, whose node marks are 0-based. */
    static SuiteNode yaml(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by the readers, with the key's position
        options.setMaxAliasesForCollections(50);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw syntax(mark == null ? new Position(source, 1, 1) : position(mark, source), "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw syntax(new Position(source, 1, 1), "invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw syntax(new Position(source, 1, 1), "the file is empty");
        }
        return yamlValue(root, source);
    }

    private static SuiteNode yamlValue(Node node, String source) {
        Position at = position(node.getStartMark(), source);
        return switch (node) {
            case MappingNode mapping -> {
                List<Member> members = new ArrayList<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    String name = key instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(key);
                    members.add(new Member(name, position(key.getStartMark(), source), yamlValue(tuple.getValueNode(), source)));
                }
                yield new Mapping(at, members);
            }
            case SequenceNode sequence -> new Sequence(at, sequence.getValue().stream().map(n -> yamlValue(n, source)).toList());
            case ScalarNode scalar -> {
                Tag tag = scalar.getTag();
                Kind kind = Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? Kind.NUMBER
                        : Tag.BOOL.equals(tag) ? Kind.BOOLEAN
                        : Tag.NULL.equals(tag) ? Kind.NULL : Kind.STRING;
                yield new Scalar(at, kind == Kind.NULL ? null : scalar.getValue(), kind);
            }
            default -> throw syntax(at, "invalid YAML: unsupported node " + node.getNodeId());
        };
    }

    private static Position position(Mark mark, String source) {
        return new Position(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static SuiteException syntax(Position at, String message) {
        return new SuiteException(List.of(new SuiteError(at, "suite", message)));
    }
}
