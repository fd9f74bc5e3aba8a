package io.stampede.core.scenario;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.ScenarioGrammar;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioSchemaTest {

    static final Path COMMITTED = ShippedScenarios.ROOT.resolve("docs/scenario.schema.json");

    /** Regenerate with: ./mvnw -pl stampede-core test -Dtest=ScenarioSchemaTest -Dstampede.schema.update=true */
    @Test
    void committedSchemaIsGeneratedFromTheGrammar() throws Exception {
        String generated = ScenarioSchema.json();
        if (Boolean.getBoolean("stampede.schema.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertThat(COMMITTED).as("docs/scenario.schema.json is stale: rerun this test with -Dstampede.schema.update=true")
                .exists();
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/scenario.schema.json is stale: rerun this test with -Dstampede.schema.update=true")
                .isEqualTo(generated);
    }

    @Test
    void everyReferencedTypeIsDeclared() throws Exception {
        String schema = ScenarioSchema.json();
        List<String> declared = ScenarioGrammar.types().stream().map(ObjectType::name).toList();
        var refs = java.util.regex.Pattern.compile("\"#/\\$defs/([a-z0-9_]+)\"").matcher(schema);
        int count = 0;
        while (refs.find()) {
            assertThat(declared).contains(refs.group(1));
            count++;
        }
        assertThat(count).isGreaterThan(declared.size() - 1);
    }

    @Test
    void everyShippedScenarioValidatesAgainstTheSchema() throws Exception {
        Schema schema = schema();
        try (var files = Files.list(ShippedScenarios.FOLDER)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path p : yamls) {
                assertThat(schema.validate(Files.readString(p), InputFormat.YAML)).as(p.toString()).isEmpty();
            }
        }
    }

    @Test
    void schemaRejectsWhatTheParserRejects() {
        Schema schema = schema();
        String misspelt = ScenarioParserTest.CONTRACT.replace("method: GET", "metod: GET");
        assertThat(schema.validate(misspelt, InputFormat.YAML)).isNotEmpty();
        String twoBodies = ScenarioParserTest.CONTRACT.replace("path: /todo,", "path: /todo, body: x,");
        assertThat(schema.validate(twoBodies, InputFormat.YAML)).isNotEmpty();
        String badDuration = ScenarioParserTest.CONTRACT.replace("[1s, 2s]", "[1s, 2 seconds]");
        assertThat(schema.validate(badDuration, InputFormat.YAML)).isNotEmpty();
        assertThat(schema.validate(ScenarioParserTest.CONTRACT, InputFormat.YAML)).isEmpty();
    }

    private static Schema schema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(ScenarioSchema.json());
    }
}
