package io.stampede.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class HistoryControllerTest {

    @TempDir
    Path dir;
    WebTestClient client;
    HistoryStore store;

    @BeforeEach
    void setUp() {
        store = new HistoryStore(dir, SampleRuns.MAPPER);
        Map<String, long[]> first = new LinkedHashMap<>();
        first.put("/todo", new long[]{100, 0, 40});
        first.put("/only-in-a", new long[]{10, 1, 10});
        store.save(SampleRuns.run("run-a", 1_000_000, 10, first));
        store.save(SampleRuns.run("run-b", 2_000_000, 10, Map.of("/todo", new long[]{200, 0, 20})));
        client = WebTestClient.bindToController(new HistoryController(store)).build();
    }

    @Test
    void listsRunsNewestFirst() {
        client.get().uri("/api/runs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].id").isEqualTo("run-b")
                .jsonPath("$[0].totals.requests").isEqualTo(200)
                .jsonPath("$[1].parameters.users").isEqualTo(10);
    }

    @Test
    void opensARunWithItsStatsSeriesAndFiles() {
        client.get().uri("/api/runs/run-a").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.summary.scenario").isEqualTo("todo-crud")
                .jsonPath("$.stats.stats[2].name").isEqualTo("Aggregated")
                .jsonPath("$.series.length()").isEqualTo(2)
                .jsonPath("$.series[1].p99").isEqualTo(4.0)
                .jsonPath("$.files").value(files -> assertThat(files.toString()).contains("report.html", "stats.csv", "stats.json"));
    }

    @Test
    void unknownRunIs404AndABadIdIs400() {
        client.get().uri("/api/runs/nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.message").isEqualTo("no run nope");
        client.get().uri("/api/runs/bad.id").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("id: "));
        client.get().uri("/api/runs/..%2F..%2Fetc/stats.csv").exchange().expectStatus().is4xxClientError();
        client.delete().uri("/api/runs/bad.id").exchange().expectStatus().isBadRequest();
    }

    @Test
    void servesFilesInlineOrAsAttachment() {
        client.get().uri("/api/runs/run-a/report.html").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().doesNotExist("Content-Disposition")
                .expectBody(String.class).isEqualTo("<html><body>report run-a</body></html>");
        client.get().uri("/api/runs/run-a/stats.csv?download=1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"stampede-run-a-stats.csv\"")
                .expectBody(String.class).value(csv -> assertThat(csv).startsWith("Type,Name,Request Count"));
        client.get().uri("/api/runs/run-a/stats.json").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.stats[0].name").isEqualTo("/todo");
        client.get().uri("/api/runs/run-a/passwd").exchange().expectStatus().isNotFound();
        client.get().uri("/api/runs/run-a/failures.csv").exchange().expectStatus().isNotFound();
    }

    @Test
    void deletesARun() {
        client.delete().uri("/api/runs/run-a").exchange().expectStatus().isNoContent();
        client.get().uri("/api/runs/run-a").exchange().expectStatus().isNotFound();
        client.delete().uri("/api/runs/run-a").exchange().expectStatus().isNotFound();
        assertThat(store.list()).extracting(RunSummary::id).containsExactly("run-b");
    }

    @Test
    void comparesRunsEndpointByEndpoint() {
        client.get().uri("/api/compare?ids=run-a,run-b").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.runs[0].summary.id").isEqualTo("run-a")
                .jsonPath("$.runs[1].series.length()").isEqualTo(2)
                .jsonPath("$.endpoints.length()").isEqualTo(3)
                .jsonPath("$.endpoints[0].name").isEqualTo("/todo")
                .jsonPath("$.endpoints[0].figures[0].p95").isEqualTo(40.0)
                .jsonPath("$.endpoints[0].figures[1].p95").isEqualTo(20.0)
                .jsonPath("$.endpoints[0].figures[1].rps").isEqualTo(20.0)
                .jsonPath("$.endpoints[1].name").isEqualTo("/only-in-a")
                .jsonPath("$.endpoints[1].figures[1]").doesNotExist()
                .jsonPath("$.endpoints[2].name").isEqualTo("Aggregated")
                .jsonPath("$.endpoints[2].figures[0].requests").isEqualTo(110)
                .jsonPath("$.endpoints[2].figures[1].requests").isEqualTo(200);
    }

    @Test
    void compareNeedsTwoKnownRuns() {
        client.get().uri("/api/compare?ids=run-a").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat(m.toString()).startsWith("ids: "));
        client.get().uri("/api/compare?ids=run-a,run-a").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/compare?ids=run-a,missing").exchange().expectStatus().isNotFound();
        client.get().uri("/api/compare?ids=run-a,../x").exchange().expectStatus().isBadRequest();
    }
}
