package io.stampede.core.scenario.read;

import io.stampede.core.scenario.read.Grammar.ObjectType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole scenario language: the object types each construct's reader declares, gathered in
 * the order the JSON Schema lists them, with the {@code step} type derived from {@link StepKinds}.
 */
public final class ScenarioGrammar {

    /** The type of a scenario document. */
    public static final String ROOT = ScenarioReader.ROOT;

    private static final List<ObjectType> TYPES = declare();
    private static final Map<String, ObjectType> BY_NAME = byName(TYPES);

    private ScenarioGrammar() {
    }

    /** Every object type, in schema order. */
    public static List<ObjectType> types() {
        return TYPES;
    }

    public static ObjectType type(String name) {
        ObjectType t = BY_NAME.get(name);
        if (t == null) {
            throw new IllegalStateException("no object type '" + name + "' in the grammar");
        }
        return t;
    }

    private static List<ObjectType> declare() {
        List<ObjectType> types = new ArrayList<>(List.of(ScenarioReader.GRAMMAR, FeederReader.GRAMMAR,
                UserReader.USER, UserReader.WAIT, UserReader.TASK, StepKinds.grammar()));
        for (StepKind<?> kind : StepKinds.all()) {
            types.addAll(kind.grammar());
        }
        types.add(ThresholdReader.GRAMMAR);
        types.addAll(List.of(LoadReader.LOAD, LoadReader.STAGE, LoadReader.STAIRS));
        types.addAll(List.of(HttpSettingsReader.HTTP_SETTINGS, HttpSettingsReader.TLS));
        return List.copyOf(types);
    }

    private static Map<String, ObjectType> byName(List<ObjectType> types) {
        Map<String, ObjectType> byName = new LinkedHashMap<>();
        for (ObjectType t : types) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalStateException("object type '" + t.name() + "' is declared twice");
            }
        }
        return Map.copyOf(byName);
    }
}
