package io.stampede.core.scenario.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The vocabulary the scenario language is declared in: object types with their keys, each key's
 * shape, whether it is required, and its documentation. Each construct's reader declares the
 * types it reads ({@link ScenarioGrammar} collects them); the parser checks keys against them
 * and the JSON Schema is generated from them, so the two cannot drift apart.
 */
public final class Grammar {

    /** The shape of a value. */
    public sealed interface Shape permits Scalar, OneOfValues, ListOf, MapOf, Ref, AnyValue, Union {
    }

    public enum ScalarKind {
        /** A literal string. */
        STRING,
        /** A string with {@code ${...}}; numbers and booleans are accepted and used as text. */
        TEMPLATE,
        INTEGER,
        NUMBER,
        BOOLEAN,
        /** e.g. 500ms, 1s, 1m30s. */
        DURATION,
        /** A variable or feeder name. */
        NAME,
        /** An arrival rate: e.g. 500/s, 30/m, or a number per second. */
        RATE
    }

    public record Scalar(ScalarKind kind) implements Shape {
    }

    /** One of fixed strings, written exactly like this. */
    public record OneOfValues(List<String> values) implements Shape {
    }

    public record ListOf(Shape item, int minItems, int maxItems) implements Shape {
    }

    public record MapOf(Shape value) implements Shape {
    }

    /** An object declared in {@link #TYPES}. */
    public record Ref(String type) implements Shape {
    }

    /** Any YAML value (a JSON document). */
    public record AnyValue() implements Shape {
    }

    public record Union(List<Shape> options) implements Shape {
    }

    public record Field(String key, Shape shape, boolean required, String doc) {
    }

    public enum ChoiceKind { EXACTLY_ONE, AT_MOST_ONE, AT_LEAST_ONE }

    /** A constraint over several keys of an object. */
    public record Choice(ChoiceKind kind, List<String> keys) {

        public String describe() {
            String list = String.join(", ", keys);
            return switch (kind) {
                case EXACTLY_ONE -> "exactly one of " + list;
                case AT_MOST_ONE -> "at most one of " + list;
                case AT_LEAST_ONE -> "at least one of " + list;
            };
        }
    }

    public record ObjectType(String name, String doc, Map<String, Field> fields, List<Choice> choices) {

        public Field field(String key) {
            Field f = fields.get(key);
            if (f == null) {
                throw new IllegalStateException("grammar of '" + name + "' has no key '" + key + "'");
            }
            return f;
        }
    }

    public static final Shape STRING = new Scalar(ScalarKind.STRING);
    public static final Shape TEMPLATE = new Scalar(ScalarKind.TEMPLATE);
    public static final Shape INTEGER = new Scalar(ScalarKind.INTEGER);
    public static final Shape NUMBER = new Scalar(ScalarKind.NUMBER);
    public static final Shape BOOLEAN = new Scalar(ScalarKind.BOOLEAN);
    public static final Shape DURATION = new Scalar(ScalarKind.DURATION);
    public static final Shape NAME = new Scalar(ScalarKind.NAME);
    public static final Shape RATE = new Scalar(ScalarKind.RATE);
    public static final Shape STEPS = list(new Ref("step"));

    private Grammar() {
    }

    public static Shape list(Shape item) {
        return new ListOf(item, 0, Integer.MAX_VALUE);
    }

    public static Shape union(Shape... options) {
        return new Union(List.of(options));
    }

    /** Enum constants as written in YAML: lower case, underscores kept. */
    public static <E extends Enum<E>> Shape values(Class<E> type) {
        return new OneOfValues(Arrays.stream(type.getEnumConstants()).map(Grammar::yamlName).toList());
    }

    /** Enum constants written as their Java names, for names that are upper case by convention (DNS types). */
    public static <E extends Enum<E>> Shape upperCaseValues(Class<E> type) {
        return new OneOfValues(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    public static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Starts the declaration of an object type; {@link Builder#build()} ends it. */
    public static Builder object(String name, String doc) {
        return new Builder(name, doc);
    }

    public static final class Builder {
        final String name;
        final String doc;
        final Map<String, Field> fields = new LinkedHashMap<>();
        final List<Choice> choices = new ArrayList<>();

        private Builder(String name, String doc) {
            this.name = name;
            this.doc = doc;
        }

        public ObjectType build() {
            return new ObjectType(name, doc, Collections.unmodifiableMap(fields), List.copyOf(choices));
        }

        public Builder required(String key, Shape shape, String doc) {
            fields.put(key, new Field(key, shape, true, doc));
            return this;
        }

        public Builder optional(String key, Shape shape, String doc) {
            fields.put(key, new Field(key, shape, false, doc));
            return this;
        }

        public Builder exactlyOne(String... keys) {
            choices.add(new Choice(ChoiceKind.EXACTLY_ONE, List.of(keys)));
            return this;
        }

        public Builder atMostOne(String... keys) {
            choices.add(new Choice(ChoiceKind.AT_MOST_ONE, List.of(keys)));
            return this;
        }

        public Builder atLeastOne(String... keys) {
            choices.add(new Choice(ChoiceKind.AT_LEAST_ONE, List.of(keys)));
            return this;
        }
    }
}
