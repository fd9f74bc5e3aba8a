package io.stampede.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import io.stampede.testing.ScenarioBombs;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, item 3, on a real coordinator: a pasted scenario whose aliases expand to millions of
 * nodes (an 813-byte "billion laughs" of 48 aliases, under SnakeYAML's alias limit, inside a
 * {@code json:} body) gets a 400 naming the line and column, and the coordinator stays up.
 * Before, reading it filled the heap on a web-server thread.
 */
class ScenarioBombTest {

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;
    static String base;

    @BeforeAll
    static void start() {
        context = TestApps.start(TestApps.options(0, "http://127.0.0.1:9"),
                "--stampede.coordinator.history-dir=" + dir.resolve("history"));
        base = "http://127.0.0.1:" + TestApps.webPort(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aliasBombIsRefusedWithItsPositionAndTheCoordinatorStaysUp() throws Exception {
        String body = Http.JSON.writeValueAsString(Map.of("scenario_yaml", ScenarioBombs.ALIASES_IN_JSON_BODY, "scenario_name", "bomb.yaml",
                "user_count", 1, "spawn_rate", 1));
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> response = Http.postJson(base + "/api/runs", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode error = Http.json(response).get("errors").get(0);
            assertThat(error.get("line").asInt()).isEqualTo(17);
            assertThat(error.get("column").asInt()).isEqualTo(20);
            assertThat(error.get("message").asString()).startsWith("the scenario expands to more than 200000 nodes");
        }
        JsonNode validation = Http.json(Http.postJson(base + "/api/scenarios/validate",
                Http.JSON.writeValueAsString(Map.of("yaml", ScenarioBombs.ALIASES_IN_JSON_BODY))));
        assertThat(validation.get("valid").asBoolean()).isFalse();
        assertThat(validation.get("errors").get(0).get("line").asInt()).isEqualTo(17);
        assertThat(Http.get(base + "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/stats/requests").statusCode()).isEqualTo(200);
    }
}
