package io.stampede.core.scenario.read;

import io.stampede.core.scenario.IfStep;
import io.stampede.core.scenario.LoopStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioException;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.scenario.ScenarioSchema;
import io.stampede.core.scenario.Step;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A step kind is registered once, in {@link StepKinds}; the grammar, the schema and the parser follow from it. */
class StepKindsTest {

    /** One valid use of each kind; a kind registered without one here fails {@link #everyKindReadsIntoItsOwnType}. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "http", "http: {path: /}",
            "dns", "dns: {query: example.test}",
            "k8s", "k8s: {verb: get, kind: ConfigMap, object: settings}",
            "think", "think: 1s",
            "loop", "loop: {count: 2, steps: [{think: 1ms}]}",
            "if", "if: {variable: v, exists: true, then: [{think: 1ms}]}");

    private static List<String> kindNames() {
        return StepKinds.all().stream().map(StepKind::name).toList();
    }

    @Test
    void theSchemaAllowsExactlyTheRegisteredKindsInAStep() {
        JsonNode defs = JsonMapper.shared().readTree(ScenarioSchema.json()).get("$defs");
        JsonNode step = defs.get("step");
        assertThat(step.get("properties").propertyNames()).containsExactlyElementsOf(kindNames());
        List<String> oneOf = new ArrayList<>();
        step.get("allOf").get(0).get("oneOf").forEach(o -> oneOf.add(o.get("required").get(0).asString()));
        assertThat(oneOf).containsExactlyElementsOf(kindNames());
        for (StepKind<?> kind : StepKinds.all()) {
            assertThat(step.get("properties").get(kind.name()).get("description").asString()).isEqualTo(kind.doc());
            for (Grammar.ObjectType type : kind.grammar()) {
                assertThat(defs.has(type.name())).as("schema defines %s of kind %s", type.name(), kind.name()).isTrue();
            }
        }
    }

    @Test
    void theParserNamesExactlyTheRegisteredKindsForAMisspeltStep() {
        ScenarioException e = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioParser.parse(scenario(List.of("htp: {path: /}")), "s.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).endsWith("allowed keys: " + String.join(", ", kindNames()) + ")");
    }

    @Test
    void everyKindReadsIntoItsOwnType() {
        assertThat(EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(kindNames());
        Map<String, Class<?>> typeByKind = new LinkedHashMap<>();
        StepKinds.all().forEach(k -> typeByKind.put(k.name(), k.type()));
        assertThat(typeByKind.values()).doesNotHaveDuplicates();

        List<String> steps = kindNames().stream().map(EXAMPLES::get).toList();
        Scenario scenario = ScenarioParser.parse(scenario(steps), "s.yaml");
        List<Step> read = scenario.users().getFirst().tasks().getFirst().steps();
        assertThat(read).hasSize(steps.size());
        for (int i = 0; i < read.size(); i++) {
            String kind = kindNames().get(i);
            assertThat(read.get(i)).as(kind).isInstanceOf(typeByKind.get(kind));
            assertThat(StepKinds.of(read.get(i).getClass())).map(StepKind::name).contains(kind);
        }
        assertThat(((LoopStep) read.get(kindNames().indexOf("loop"))).steps()).hasSize(1);
        assertThat(((IfStep) read.get(kindNames().indexOf("if"))).then()).hasSize(1);
    }

    private static String scenario(List<String> steps) {
        StringBuilder yaml = new StringBuilder("name: t\nvariables: {v: x}\nusers:\n  - name: u\n    tasks:\n      - steps:\n");
        steps.forEach(s -> yaml.append("          - ").append(s).append('\n'));
        return yaml.toString();
    }
}
