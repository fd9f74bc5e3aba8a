package io.stampede.core.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario language, declared once: every object's keys with their shape, whether they are
 * required, and their documentation. The parser checks keys against it and the JSON Schema is
 * generated from it, so the two cannot drift apart.
 */
final class Grammar {

    /** The shape of a value. */
    sealed interface Shape permits Scalar, OneOfValues, ListOf, MapOf, Ref, AnyValue, Union {
    }

    enum ScalarKind {
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
        NAME
    }

    record Scalar(ScalarKind kind) implements Shape {
    }

    /** One of fixed strings, written exactly like this. */
    record OneOfValues(List<String> values) implements Shape {
    }

    record ListOf(Shape item, int minItems, int maxItems) implements Shape {
    }

    record MapOf(Shape value) implements Shape {
    }

    /** An object declared in {@link #TYPES}. */
    record Ref(String type) implements Shape {
    }

    /** Any YAML value (a JSON document). */
    record AnyValue() implements Shape {
    }

    record Union(List<Shape> options) implements Shape {
    }

    record Field(String key, Shape shape, boolean required, String doc) {
    }

    enum ChoiceKind { EXACTLY_ONE, AT_MOST_ONE, AT_LEAST_ONE }

    /** A constraint over several keys of an object. */
    record Choice(ChoiceKind kind, List<String> keys) {

        String describe() {
            String list = String.join(", ", keys);
            return switch (kind) {
                case EXACTLY_ONE -> "exactly one of " + list;
                case AT_MOST_ONE -> "at most one of " + list;
                case AT_LEAST_ONE -> "at least one of " + list;
            };
        }
    }

    record ObjectType(String name, String doc, Map<String, Field> fields, List<Choice> choices) {

        Field field(String key) {
            Field f = fields.get(key);
            if (f == null) {
                throw new IllegalStateException("grammar of '" + name + "' has no key '" + key + "'");
            }
            return f;
        }
    }

    static final Shape STRING = new Scalar(ScalarKind.STRING);
    static final Shape TEMPLATE = new Scalar(ScalarKind.TEMPLATE);
    static final Shape INTEGER = new Scalar(ScalarKind.INTEGER);
    static final Shape NUMBER = new Scalar(ScalarKind.NUMBER);
    static final Shape BOOLEAN = new Scalar(ScalarKind.BOOLEAN);
    static final Shape DURATION = new Scalar(ScalarKind.DURATION);
    static final Shape NAME = new Scalar(ScalarKind.NAME);
    static final Shape STEPS = list(new Ref("step"));

    static final String ROOT = "scenario";

    static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    static final Map<String, ObjectType> TYPES = declare();

    private Grammar() {
    }

    static ObjectType type(String name) {
        ObjectType t = TYPES.get(name);
        if (t == null) {
            throw new IllegalStateException("no object type '" + name + "' in the grammar");
        }
        return t;
    }

    static Shape list(Shape item) {
        return new ListOf(item, 0, Integer.MAX_VALUE);
    }

    static Shape union(Shape... options) {
        return new Union(List.of(options));
    }

    /** Enum constants as written in YAML: lower case, underscores kept. */
    static <E extends Enum<E>> Shape values(Class<E> type) {
        return new OneOfValues(Arrays.stream(type.getEnumConstants()).map(Grammar::yamlName).toList());
    }

    /** Enum constants written as their Java names, for names that are upper case by convention (DNS types). */
    static <E extends Enum<E>> Shape upperCaseValues(Class<E> type) {
        return new OneOfValues(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, ObjectType> declare() {
        Map<String, ObjectType> types = new LinkedHashMap<>();
        add(types, object(ROOT, "A Stampede load test: user classes, their tasks and steps.")
                .required("name", STRING, "Shown in the UI, reports and history.")
                .optional("host", STRING, "Base URL for relative paths, e.g. http://127.0.0.1:8080; --host overrides it.")
                .optional("variables", new MapOf(TEMPLATE), "Constant variables every user starts with.")
                .optional("feeders", list(new Ref("feeder")), "Test data files beside the scenario; each row's columns become ${feeder.column}.")
                .optional("setup", STEPS, "Steps run exactly once per run before any user starts; their extracted variables are visible to every user.")
                .optional("teardown", STEPS, "Steps run exactly once per run after every user stopped.")
                .required("users", new ListOf(new Ref("user"), 1, Integer.MAX_VALUE), "User classes, picked by weight.")
                .optional("thresholds", list(new Ref("threshold")), "Pass/fail criteria checked at the end of the run; a breach makes a headless run exit 1."));
        add(types, object("feeder", "A CSV (with a header line) or JSON (array of objects) file of test data.")
                .required("name", NAME, "How templates refer to it: ${<name>.<column>}.")
                .required("file", STRING, "Path relative to the scenario file.")
                .optional("strategy", values(Feeder.Strategy.class), "How each user's next row is picked; default circular.")
                .optional("sharing", values(Feeder.Sharing.class), "shared: every worker has every row (default); partitioned: each row goes to exactly one worker."));
        add(types, object("user", "A kind of virtual user (Locust's User class).")
                .required("name", STRING, "Shown in stats and the UI.")
                .optional("weight", INTEGER, "Relative share of users of this class; default 1.")
                .optional("wait", new Ref("wait"), "Pause after each task; default none.")
                .optional("sequential", BOOLEAN, "true: run tasks in the order written, looping; false (default): pick by weight.")
                .optional("on_start", STEPS, "Steps run once when the user starts.")
                .optional("on_stop", STEPS, "Steps run once when the user stops (also when the run is stopped).")
                .required("tasks", new ListOf(new Ref("task"), 1, Integer.MAX_VALUE), "What the user does: one task per iteration."));
        add(types, object("wait", "Wait time after each task.")
                .optional("constant", DURATION, "Always this pause.")
                .optional("between", new ListOf(DURATION, 2, 2), "A uniformly random pause in [min, max].")
                .optional("pacing", DURATION, "Start a task every interval (Locust's constant_pacing).")
                .exactlyOne("constant", "between", "pacing"));
        add(types, object("task", "One unit of user behaviour: steps, or a nested group of tasks (Locust's TaskSet).")
                .optional("name", STRING, "Shown in the UI; default task-<n>.")
                .optional("weight", INTEGER, "Relative chance of being picked; default 1.")
                .optional("sequential", BOOLEAN, "For a nested group: run its tasks in order instead of by weight.")
                .optional("steps", STEPS, "What the task does, in order.")
                .optional("tasks", list(new Ref("task")), "A nested group; one is picked per run of this task (after the steps, if any).")
                .atLeastOne("steps", "tasks"));
        add(types, object("step", "One thing a user does.")
                .optional("http", new Ref("http"), "An HTTP request.")
                .optional("dns", new Ref("dns"), "A DNS lookup.")
                .optional("k8s", new Ref("k8s"), "A Kubernetes API call.")
                .optional("think", union(DURATION, new Ref("think")), "A pause: a duration or {between: [min, max]}.")
                .optional("loop", new Ref("loop"), "Repeat steps a number of times or over a list.")
                .optional("if", new Ref("if"), "Run steps depending on a variable.")
                .exactlyOne("http", "dns", "k8s", "think", "loop", "if"));
        add(types, object("http", "An HTTP request; recorded in stats under (method, name).")
                .optional("name", STRING, "Stats key; defaults to the path template, so /todo/${id} is one row.")
                .optional("method", new OneOfValues(HTTP_METHODS), "Default GET.")
                .optional("path", TEMPLATE, "Path relative to the host, or an absolute URL.")
                .optional("url", TEMPLATE, "Absolute URL (same as path, for readability).")
                .optional("headers", new MapOf(TEMPLATE), "Request headers.")
                .optional("query", new MapOf(TEMPLATE), "Query parameters, URL-encoded and appended.")
                .optional("json", new AnyValue(), "A JSON body; strings in it are templates.")
                .optional("form", new MapOf(TEMPLATE), "An application/x-www-form-urlencoded body.")
                .optional("body", TEMPLATE, "A raw body.")
                .optional("content_type", STRING, "Content type of a raw body; default text/plain.")
                .optional("timeout", DURATION, "Request timeout; default the engine's.")
                .optional("expect", new Ref("expect"), "What the response must look like; a mismatch is a failure.")
                .optional("extract", new MapOf(union(STRING, new Ref("extractor"))),
                        "Variables taken from the response: a JSONPath string, or {jsonpath|header|regex}.")
                .exactlyOne("path", "url")
                .atMostOne("json", "form", "body"));
        add(types, object("expect", "Checks on a response; each mismatch is recorded as a failure with the reason.")
                .optional("status", union(INTEGER, STRING, list(union(INTEGER, STRING))),
                        "Accepted statuses: 201, [200, 201], \"200-299\" or \"2xx\"; default: below 400.")
                .optional("body_contains", TEMPLATE, "Text the body must contain.")
                .optional("jsonpath", new MapOf(new AnyValue()), "JSONPath expression to the value it must equal."));
        add(types, object("extractor", "Where an extracted variable comes from.")
                .optional("jsonpath", STRING, "A JSONPath on the JSON body, e.g. $.Id.")
                .optional("header", STRING, "A response header's name.")
                .optional("regex", STRING, "A regular expression on the body.")
                .optional("group", INTEGER, "With regex: the group to take; default 1 when the pattern has a group, else 0.")
                .exactlyOne("jsonpath", "header", "regex"));
        add(types, object("dns", "A DNS lookup, recorded in stats like a request (method DNS); NXDOMAIN and timeouts are failures.")
                .optional("name", STRING, "Stats key; defaults to the query template.")
                .required("query", TEMPLATE, "The name to resolve.")
                .optional("type", upperCaseValues(DnsStep.RecordType.class), "Record type; default A.")
                .optional("server", STRING, "host or host:port of the DNS server; default the system resolver's.")
                .optional("timeout", DURATION, "Query timeout; default the engine's."));
        add(types, object("k8s", "A Kubernetes API call, recorded in stats per (verb, kind). Created objects carry stampede.io/run=<run-id> and are deleted when the run stops.")
                .optional("name", STRING, "Stats key; defaults to the kind.")
                .required("verb", values(K8sStep.Verb.class), "What to do.")
                .optional("namespace", TEMPLATE, "Namespace; default the client's.")
                .optional("create_namespace", BOOLEAN, "Create the namespace first if missing (already existing is not a failure).")
                .optional("manifest", union(TEMPLATE, new AnyValue()), "The object, as YAML text or a mapping; strings in it are templates.")
                .optional("api_version", STRING, "With kind, identifies the resource when there is no manifest.")
                .optional("kind", STRING, "e.g. Service, ConfigMap.")
                .optional("object", TEMPLATE, "The object's name, for get, delete and wait.")
                .optional("label_selector", TEMPLATE, "For list: e.g. app=web.")
                .optional("condition", STRING, "For wait: exists, deleted, or a condition type such as Ready.")
                .optional("timeout", DURATION, "Call (or wait) timeout; default the engine's."));
        add(types, object("think", "A random pause.")
                .required("between", new ListOf(DURATION, 2, 2), "[min, max]."));
        add(types, object("loop", "Repeats steps a number of times, or once per item of a list.")
                .optional("count", union(INTEGER, TEMPLATE), "How many times (a number or a template giving one).")
                .optional("over", list(TEMPLATE), "The items; each one is put in the variable named by 'as'.")
                .optional("as", NAME, "The item variable's name; default item.")
                .required("steps", STEPS, "The steps repeated.")
                .exactlyOne("count", "over"));
        add(types, object("if", "Runs steps depending on a variable.")
                .required("variable", NAME, "The variable tested.")
                .optional("equals", TEMPLATE, "True when the variable equals this.")
                .optional("not_equals", TEMPLATE, "True when the variable differs from this.")
                .optional("matches", STRING, "True when the variable matches this regular expression.")
                .optional("exists", BOOLEAN, "true: when the variable is defined; false: when it is not.")
                .required("then", STEPS, "Steps run when the condition holds.")
                .optional("else", STEPS, "Steps run otherwise.")
                .exactlyOne("equals", "not_equals", "matches", "exists"));
        add(types, object("threshold", "A pass/fail criterion evaluated on the final stats.")
                .optional("request", STRING, "Stats row name; default the Aggregated row.")
                .required("metric", values(Threshold.Metric.class), "What is measured.")
                .optional("lt", union(DURATION, NUMBER), "Must be below: a duration for times, a number for ratios, rates and counts.")
                .optional("le", union(DURATION, NUMBER), "Must be at most.")
                .optional("gt", union(DURATION, NUMBER), "Must be above.")
                .optional("ge", union(DURATION, NUMBER), "Must be at least.")
                .exactlyOne("lt", "le", "gt", "ge"));
        return Map.copyOf(types);
    }

    private static void add(Map<String, ObjectType> types, Builder b) {
        types.put(b.name, new ObjectType(b.name, b.doc, java.util.Collections.unmodifiableMap(b.fields), List.copyOf(b.choices)));
    }

    private static Builder object(String name, String doc) {
        return new Builder(name, doc);
    }

    /** All type names in declaration order (the schema lists them this way). */
    static List<String> order() {
        return List.of(ROOT, "feeder", "user", "wait", "task", "step", "http", "expect", "extractor", "dns", "k8s",
                "think", "loop", "if", "threshold");
    }

    private static final class Builder {
        final String name;
        final String doc;
        final Map<String, Field> fields = new LinkedHashMap<>();
        final List<Choice> choices = new ArrayList<>();

        Builder(String name, String doc) {
            this.name = name;
            this.doc = doc;
        }

        Builder required(String key, Shape shape, String doc) {
            fields.put(key, new Field(key, shape, true, doc));
            return this;
        }

        Builder optional(String key, Shape shape, String doc) {
            fields.put(key, new Field(key, shape, false, doc));
            return this;
        }

        Builder exactlyOne(String... keys) {
            choices.add(new Choice(ChoiceKind.EXACTLY_ONE, List.of(keys)));
            return this;
        }

        Builder atMostOne(String... keys) {
            choices.add(new Choice(ChoiceKind.AT_MOST_ONE, List.of(keys)));
            return this;
        }

        Builder atLeastOne(String... keys) {
            choices.add(new Choice(ChoiceKind.AT_LEAST_ONE, List.of(keys)));
            return this;
        }
    }
}
