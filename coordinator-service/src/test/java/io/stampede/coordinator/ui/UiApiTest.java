package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.support.Deltas;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.StartLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import io.stampede.testing.Await;

/** The UI's own endpoints over a real run coordinator and link, with protocol-level workers. */
class UiApiTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String VALID = """
            name: shop
            host: http://127.0.0.1:7
            users:
              - name: buyer
                tasks:
                  - name: browse
                    steps:
                      - http: {method: GET, path: /items}
            """;

    @TempDir
    Path scenarios;
    TestCoordinator coordinator;
    LiveFeed feed;
    WebTestClient client;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(scenarios.resolve("shop.yaml"), VALID);
        Files.writeString(scenarios.resolve("broken.yml"), "name: broken\nusers: 3\n");
        Files.writeString(scenarios.resolve("notes.txt"), "not a scenario");
        coordinator = new TestCoordinator(Duration.ofSeconds(2));
        ScenarioCatalog catalog = new ScenarioCatalog(coordinator.run, scenarios);
        feed = new LiveFeed(coordinator.run);
        client = WebTestClient.bindToController(new ScenarioController(catalog),
                new RunStartController(coordinator.run, catalog, TestCoordinator.LIMITS), new StreamController(feed)).build();
    }

    @AfterEach
    void tearDown() {
        coordinator.close();
    }

    @Test
    void listsTheLaunchScenarioAndTheDirectorysFiles() {
        client.get().uri("/api/scenarios").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].id").isEqualTo("launch")
                .jsonPath("$[0].host").isEqualTo("http://127.0.0.1:9")
                .jsonPath("$[1].id").isEqualTo("file:broken.yml")
                .jsonPath("$[1].valid").isEqualTo(false)
                .jsonPath("$[1].errors[0].line").isEqualTo(2)
                .jsonPath("$[2].id").isEqualTo("file:shop.yaml")
                .jsonPath("$[2].name").isEqualTo("shop")
                .jsonPath("$[2].host").isEqualTo("http://127.0.0.1:7")
                .jsonPath("$[2].valid").isEqualTo(true);
    }

    @Test
    void validatesPastedYamlWithLineAndColumn() {
        client.post().uri("/api/scenarios/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("yaml", VALID, "name", "mine.yaml")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.valid").isEqualTo(true)
                .jsonPath("$.name").isEqualTo("shop")
                .jsonPath("$.errors.length()").isEqualTo(0);
        client.post().uri("/api/scenarios/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("yaml", "name: x\nusers:\n  - name: u\n    wait: {constant: soon}\n    tasks: []\n",
                        "name", "mine.yaml")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.errors[0].source").isEqualTo("mine.yaml")
                .jsonPath("$.errors[0].line").isEqualTo(4)
                .jsonPath("$.errors[0].column").isNumber()
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("soon"));
        client.post().uri("/api/scenarios/validate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("yaml", "  ")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.errors[0].message").isEqualTo("the scenario is empty");
    }

    @Test
    void rejectsBadStartRequestsNamingTheField() {
        start(Map.of("user_count", "many", "spawn_rate", "1")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("user_count: "));
        start(Map.of("user_count", "0", "spawn_rate", "1")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("user_count: "));
        start(Map.of("user_count", "2", "spawn_rate", "1", "run_time", "later")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("run_time: "));
        start(Map.of("user_count", "2", "spawn_rate", "1", "scenario_id", "file:../etc/passwd")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("scenario_id: "));
        start(Map.of("user_count", "2", "spawn_rate", "1", "scenario_id", "file:broken.yml")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].line").isEqualTo(2);
        start(Map.of("user_count", "2", "spawn_rate", "1", "scenario_yaml", "name: [")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("scenario: "))
                .jsonPath("$.errors[0].line").isNumber();
        assertThat(coordinator.run.state()).isEqualTo(RunState.READY);
    }

    @Test
    void startsTheChosenScenarioOnTheWorkers() throws Exception {
        LinkTestWorker worker = joined("w1");
        start(Map.of("user_count", 3, "spawn_rate", 3, "scenario_id", "file:shop.yaml")).expectStatus().isOk()
                .expectBody().jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.host").isEqualTo("http://127.0.0.1:7"); // no --host here: the scenario's own
        StartLoad startLoad = worker.await(StartLoad.class, WAIT);
        assertThat(startLoad.scenarioName()).isEqualTo("shop.yaml");
        assertThat(startLoad.scenarioYaml()).isEqualTo(VALID);
        assertThat(startLoad.users()).isEqualTo(3);
        assertThat(coordinator.run.currentRun().scenario().scenario().name()).isEqualTo("shop");

        start(Map.of("user_count", 3, "spawn_rate", 3)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("run: "));
        coordinator.run.stop();
    }

    @Test
    void startsAPastedScenario() throws Exception {
        LinkTestWorker worker = joined("w1");
        start(Map.of("user_count", 1, "spawn_rate", 1, "scenario_yaml", VALID, "scenario_name", "pasted-shop.yaml"))
                .expectStatus().isOk();
        StartLoad startLoad = worker.await(StartLoad.class, WAIT);
        assertThat(startLoad.scenarioName()).isEqualTo("pasted-shop.yaml");
        assertThat(startLoad.scenarioYaml()).isEqualTo(VALID);
        coordinator.run.stop();
    }

    @Test
    void streamsTheLiveViewWithOnlyNewPointsAfterTheFirstEvent() throws Exception {
        LinkTestWorker worker = joined("w1");
        String runId = coordinator.run.swarm(new io.stampede.coordinator.run.SwarmCommand(2, 2, null, null)).id();
        worker.await(StartLoad.class, WAIT);
        worker.setUserCount(2);
        worker.report(runId, Deltas.get(50, 5, 2_000), false);
        Await.until("history sampled", WAIT, () -> coordinator.run.history().size() >= 2);

        List<ServerSentEvent<LiveMessage>> events = client.get().uri("/api/stream")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<LiveMessage>>() { })
                .getResponseBody()
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.event()).isEqualTo("live"));
        LiveMessage first = events.getFirst().data();
        assertThat(first.reset()).isTrue();
        assertThat(first.runId()).isEqualTo(runId);
        assertThat(first.points()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(first.parameters().users()).isEqualTo(2);
        assertThat(first.workers()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("w1");
            assertThat(w.userCount()).isEqualTo(2);
            assertThat(w.heartbeatAgeMillis()).isLessThan(3000);
        });
        assertThat(first.stats()).containsEntry("user_count", 2);
        // Later events carry only points after those already sent: one a second at most.
        for (ServerSentEvent<LiveMessage> later : events.subList(1, 3)) {
            assertThat(later.data().reset()).isFalse();
            assertThat(later.data().points().size()).isLessThanOrEqualTo(2);
        }
        long lastSent = first.points().getLast().t();
        assertThat(events.get(2).data().points()).allSatisfy(p -> assertThat(p.t()).isGreaterThan(lastSent));
        coordinator.run.stop();
    }

    private LinkTestWorker joined(String id) throws InterruptedException {
        LinkTestWorker worker = coordinator.worker(id);
        Await.until(id + " registered", WAIT, () -> coordinator.registry.size() == 1);
        return worker;
    }

    private WebTestClient.ResponseSpec start(Map<String, ?> body) {
        return client.post().uri("/api/runs").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
