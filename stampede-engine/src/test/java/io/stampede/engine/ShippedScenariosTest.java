package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;

/** Every scenario in scenarios/ is accepted by the engine too (every step kind compiles), not only by the parser. */
class ShippedScenariosTest {

    @Test
    void everyShippedScenarioCompilesInTheEngine() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scenarios"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("scenarios/ folder above the module").isNotNull();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("scenarios"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("website.yaml", "todo-crud.yaml", "coredns.yaml", "mesh.yaml");
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 10, Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            for (Path file : files) {
                Scenario scenario = ScenarioParser.parse(file);
                assertThatCode(() -> engine.validate(scenario)).as(file.toString()).doesNotThrowAnyException();
            }
        }
    }
}
