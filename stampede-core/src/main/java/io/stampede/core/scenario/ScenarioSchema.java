package io.stampede.core.scenario;

import io.stampede.core.scenario.read.Grammar.AnyValue;
import io.stampede.core.scenario.read.Grammar.Choice;
import io.stampede.core.scenario.read.Grammar.Field;
import io.stampede.core.scenario.read.Grammar.ListOf;
import io.stampede.core.scenario.read.Grammar.MapOf;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.OneOfValues;
import io.stampede.core.scenario.read.Grammar.Ref;
import io.stampede.core.scenario.read.Grammar.Scalar;
import io.stampede.core.scenario.read.Grammar.Shape;
import io.stampede.core.scenario.read.Grammar.Union;
import io.stampede.core.scenario.read.ScenarioGrammar;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of the scenario format, generated from {@link ScenarioGrammar} so it
 * always matches what the parser accepts (the parser checks more: variables, JSONPath, ranges).
 * Committed as {@code docs/scenario.schema.json} for editors; a test fails when it is stale.
 */
public final class ScenarioSchema {

    public static final String ID = "https://stampede.io/scenario.schema.json";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ScenarioSchema() {
    }

    /** The schema as pretty-printed JSON, ending with a newline. */
    public static String json() {
        return JSON.writeValueAsString(generate()) + "\n";
    }

    static ObjectNode generate() {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "Stampede scenario");
        root.put("description", ScenarioGrammar.type(ScenarioGrammar.ROOT).doc() + " Generated from the parser's grammar: do not edit.");
        root.put("$ref", "#/$defs/" + ScenarioGrammar.ROOT);
        ObjectNode defs = root.putObject("$defs");
        for (ObjectType type : ScenarioGrammar.types()) {
            defs.set(type.name(), object(type));
        }
        return root;
    }

    private static ObjectNode object(ObjectType type) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "object");
        o.put("description", type.doc());
        ObjectNode properties = o.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Field f : type.fields().values()) {
            ObjectNode p = shape(f.shape());
            p.put("description", f.doc());
            properties.set(f.key(), p);
            if (f.required()) {
                required.add(f.key());
            }
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        o.put("additionalProperties", false);
        if (!type.choices().isEmpty()) {
            ArrayNode all = o.putArray("allOf");
            for (Choice c : type.choices()) {
                all.add(choice(c));
            }
        }
        return o;
    }

    private static ObjectNode choice(Choice c) {
        ObjectNode n = JSON.createObjectNode();
        switch (c.kind()) {
            case EXACTLY_ONE -> c.keys().forEach(k -> n.withArray("oneOf").add(requires(List.of(k))));
            case AT_LEAST_ONE -> c.keys().forEach(k -> n.withArray("anyOf").add(requires(List.of(k))));
            case AT_MOST_ONE -> {
                ArrayNode pairs = n.putObject("not").putArray("anyOf");
                for (int i = 0; i < c.keys().size(); i++) {
                    for (int j = i + 1; j < c.keys().size(); j++) {
                        pairs.add(requires(List.of(c.keys().get(i), c.keys().get(j))));
                    }
                }
            }
        }
        return n;
    }

    private static ObjectNode requires(List<String> keys) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode r = n.putArray("required");
        keys.forEach(r::add);
        return n;
    }

    private static ObjectNode shape(Shape shape) {
        ObjectNode n = JSON.createObjectNode();
        switch (shape) {
            case Scalar s -> {
                switch (s.kind()) {
                    case STRING -> n.put("type", "string");
                    case TEMPLATE -> n.putArray("type").add("string").add("number").add("boolean");
                    case INTEGER -> n.put("type", "integer");
                    case NUMBER -> n.put("type", "number");
                    case BOOLEAN -> n.put("type", "boolean");
                    case DURATION -> n.put("type", "string").put("pattern", Durations.REGEX);
                    case NAME -> n.put("type", "string").put("pattern", "^[A-Za-z_][A-Za-z0-9_]*$");
                    case RATE -> n.putArray("oneOf").add(JSON.createObjectNode().put("type", "number")
                            .put("exclusiveMinimum", 0)).add(JSON.createObjectNode().put("type", "string")
                            .put("pattern", io.stampede.core.load.Rate.REGEX));
                }
            }
            case OneOfValues v -> v.values().forEach(n.putArray("enum")::add);
            case ListOf l -> {
                n.put("type", "array");
                n.set("items", shape(l.item()));
                if (l.minItems() > 0) {
                    n.put("minItems", l.minItems());
                }
                if (l.maxItems() != Integer.MAX_VALUE) {
                    n.put("maxItems", l.maxItems());
                }
            }
            case MapOf m -> {
                n.put("type", "object");
                n.set("additionalProperties", shape(m.value()));
            }
            case Ref r -> n.put("$ref", "#/$defs/" + r.type());
            case AnyValue a -> {
                // any JSON value
            }
            case Union u -> u.options().forEach(o -> n.withArray("anyOf").add(shape(o)));
        }
        return n;
    }
}
