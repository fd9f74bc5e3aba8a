package io.stampede.coordinator.experiment.suite;

import java.util.List;

/**
 * A suite file as a tree that keeps each value's position, built from JSON (Jackson's parser
 * locations) or YAML (SnakeYAML's node marks), so one set of readers reports
 * {@code file:line:column} errors for both forms.
 */
public sealed interface SuiteNode {

    Position position();

    /** A JSON object or YAML mapping; members in file order, duplicates kept (the reader reports them). */
    record Mapping(Position position, List<Member> members) implements SuiteNode {
        public Mapping {
            members = List.copyOf(members);
        }
    }

    /** One key of a mapping, with the key's own position. */
    record Member(String key, Position keyPosition, SuiteNode value) {
    }

    record Sequence(Position position, List<SuiteNode> items) implements SuiteNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar as written.
     *
     * @param text   its text ("30s", "100", "true"); null for JSON/YAML null
     * @param kind   string, number, boolean or null as the file typed it (a YAML plain scalar by its resolved tag)
     */
    record Scalar(Position position, String text, Kind kind) implements SuiteNode {
    }

    enum Kind { STRING, NUMBER, BOOLEAN, NULL }

    /** Where a value starts: 1-based line and column in {@code source}. */
    record Position(String source, int line, int column) {
        @Override
        public String toString() {
            return source + ":" + line + ":" + column;
        }
    }

    /** What the node is, for "expected ... but got ..." messages. */
    static String describe(SuiteNode node) {
        return switch (node) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s when s.kind() == Kind.NULL -> "nothing (null)";
            case Scalar s when s.kind() == Kind.STRING -> "the string '" + s.text() + "'";
            case Scalar s -> s.kind().name().toLowerCase() + " " + s.text();
        };
    }
}
