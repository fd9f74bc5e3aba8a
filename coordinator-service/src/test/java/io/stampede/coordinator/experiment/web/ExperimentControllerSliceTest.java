package io.stampede.coordinator.experiment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.stampede.coordinator.api.ApiConfiguration;
import io.stampede.coordinator.experiment.ResultsCatalog;
import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.security.WebSecurityConfiguration;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.coordinator.support.TestCoordinatorBeans;
import io.stampede.coordinator.ui.ScenarioCatalog;
import io.stampede.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The Experiments API in a WebFlux slice with the real web security and body limits: a
 * {@link TestCoordinator}'s run state machine behind it, results in a temporary directory.
 */
@WebFluxTest(controllers = ExperimentController.class, properties = {"server.address=127.0.0.1",
        "stampede.experiments.max-runs-listed=100"})
@Import({WebSecurityConfiguration.class, ApiConfiguration.class, TestCoordinatorBeans.class, ExperimentControllerSliceTest.Fixture.class})
class ExperimentControllerSliceTest {

    static final Path RESULTS;

    static {
        try {
            RESULTS = Files.createDirectories(Files.createTempDirectory("experiments-slice").resolve("results"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {
        @Bean
        ExperimentsProperties experimentsProperties() {
            return new ExperimentsProperties(RESULTS.toString(), null, 100);
        }

        @Bean
        ExperimentSession experimentSession(RunCoordinator run, ExperimentsProperties properties) {
            return new ExperimentSession(run, new LocalResultsStore(Path.of(properties.results())));
        }

        @Bean
        ResultsCatalog resultsCatalog(ExperimentSession session) {
            return new ResultsCatalog(session.store(), 100);
        }

        @Bean
        ScenarioCatalog scenarioCatalog(RunCoordinator run) {
            return new ScenarioCatalog(run, RESULTS.resolve("scenarios"));
        }
    }

    static final String VALID = """
            {"load_tests": [{"test_name": "t1", "url": "http://127.0.0.1:9/", "qps": 5, "t": "1s", "c": 1}]}""";

    @Autowired
    WebTestClient client;
    @Autowired
    TestCoordinator coordinator;

    @AfterEach
    void stopAnyRun() throws InterruptedException {
        coordinator.run.stop();
        Await.until("run stopped", Duration.ofSeconds(10), () -> !coordinator.run.state().isActive());
    }

    @Test
    void aBadSuiteIs400WithLineAndColumnOfEveryProblem() {
        Run before = coordinator.run.currentRun();
        String suite = """
                {
                  "load_tests": [
                    {"test_name": "t1", "url": "http://127.0.0.1:9/", "qps": "fast", "t": "30s", "c": 8},
                    {"test_name": "t 2", "url": "http://127.0.0.1:9/", "qps": 5, "t": "30s", "c": 8}
                  ]
                }""";
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", suite, "name", "config.json")).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.message").value(m -> assertThat((String) m).contains("config.json:3:").contains("qps"))
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[0].line").isEqualTo(3)
                .jsonPath("$.errors[0].column").value(c -> assertThat((Integer) c).isGreaterThan(1))
                .jsonPath("$.errors[0].key").isEqualTo("load_tests[0].qps")
                .jsonPath("$.errors[1].line").isEqualTo(4)
                .jsonPath("$.errors[1].key").isEqualTo("load_tests[1].test_name");
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
    }

    @Test
    void anUploadedYamlSuiteIsReadAsYamlAndAnEmptyOneIsRefused() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("suite", new ByteArrayResource("load_tests:\n  - test_name: t1\n    qps: [1]\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "mine.yaml";
            }
        });
        client.post().uri("/api/experiments").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].text").value(t -> assertThat((String) t).startsWith("mine.yaml:2:"));

        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("suite", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).startsWith("suite: required"));
    }

    @Test
    void aSuiteWithMetricsNeedsAPrometheusAndScenarioFilesMustBeInTheScenarioDirectory() {
        Run before = coordinator.run.currentRun();
        String withMetrics = VALID.replace("]}", "], \"metrics\": {\"mem\": \"up\"}}");
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", withMetrics, "name", "config.json")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m)
                        .contains("1 metric(s) to capture (mem)").contains("stampede.experiments.prometheus-url"));

        String outside = "load_tests:\n  - {test_name: t1, scenario: /etc/hostname, qps: 1, t: 1s, c: 1}\n";
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", outside, "name", "s.yaml")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("not in the scenario directory"));
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
    }

    @Test
    void aSuiteWithABackendsMapIsRefusedWhenThisCoordinatorDeploysNoTopologyAndSaysHowToEnableIt() {
        Run before = coordinator.run.currentRun();
        String withTopology = VALID.replace("{\"load_tests\"", "{\"backends_map\": {\"0\": [\"1\"], \"1\": []}, \"load_tests\"");
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", withTopology, "name", "config.json")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).startsWith("backends_map:")
                        .contains("stampede.experiments.topology").contains("local").contains("kubernetes"));
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
        client.get().uri("/api/experiments/current").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.topology").isEqualTo("none");
    }

    @Test
    void aResultsDirectoryThatCannotTakeFilesIsRefusedBeforeAnyRun() throws Exception {
        Path file = Files.writeString(RESULTS.getParent().resolve("not-a-directory"), "x");
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(file.resolve("results")));
        WebTestClient direct = WebTestClient.bindToController(new ExperimentController(session,
                new ResultsCatalog(session.store(), 10), new ExperimentsProperties(file.toString(), null, 10),
                new ScenarioCatalog(coordinator.run, RESULTS.resolve("scenarios")))).build();
        Run before = coordinator.run.currentRun();
        direct.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", VALID, "name", "config.json")).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m)
                        .startsWith("stampede.experiments.results ").contains("nothing was run"));
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
        assertThat(session.status().get("suite")).isNull();
    }

    @Test
    void whileARunIsActiveASuiteIs409AndStopWithoutASuiteIs409() {
        coordinator.run.swarm(new SwarmCommand(1, 1, "http://127.0.0.1:9", null));
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", VALID, "name", "config.json")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).startsWith("run: a run is active"));
        client.post().uri("/api/experiments/stop").exchange().expectStatus().isEqualTo(409);
        client.get().uri("/api/experiments/current").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(false);
    }

    @Test
    void whileASuiteIsUnderWayAnotherIs409AndStopEndsIt() throws InterruptedException {
        // No worker: the run waits for one until it is stopped, so the suite is under way for as long as the test needs.
        String longSuite = VALID.replace("\"1s\"", "\"10m\"");
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", longSuite, "name", "config.json")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.suite").isEqualTo("config").jsonPath("$.runs").isEqualTo(1);
        Await.until("suite running", Duration.ofSeconds(10), () -> coordinator.run.state().isActive());
        client.get().uri("/api/experiments/current").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(true).jsonPath("$.run").isEqualTo(1).jsonPath("$.runs").isEqualTo(1)
                .jsonPath("$.test_name").isEqualTo("t1").jsonPath("$.expected_seconds").isEqualTo(600.0);
        client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", VALID, "name", "config.json")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("suite 'config' is under way"));

        client.post().uri("/api/experiments/stop").exchange().expectStatus().isOk();
        Await.until("suite finished", Duration.ofSeconds(20), () -> Boolean.FALSE.equals(client.get().uri("/api/experiments/current")
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("active")));
        client.get().uri("/api/experiments/current").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.stopped").isEqualTo(true).jsonPath("$.recorded.length()").isEqualTo(1)
                .jsonPath("$.recorded[0].test_name").isEqualTo("t1");
    }

    @Test
    void aCapacitySearchIsListedWithItsFoundRateAndItsChartIsServed() throws Exception {
        LocalResultsStore store = new LocalResultsStore(RESULTS);
        store.put("knee/20250102000000/search.json", """
                {"sustainable_rate": 120.5, "first_breaking_rate": 130, "outcome": "FOUND", "points": []}"""
                .getBytes(StandardCharsets.UTF_8));
        store.put("knee/20250102000000/search.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8));
        store.put("knee/20250102000000/metadata.json", """
                {"suite": "cap", "test_name": "knee", "kind": "search", "start_epoch_ms": 1000, "end_epoch_ms": 9000,
                 "outcome": "FOUND", "sustainable_rate": 120.5, "min_rate": 100, "min_rate_met": true,
                 "steps": ["knee/20250102000001"], "exit_code": 0}""".getBytes(StandardCharsets.UTF_8));

        client.get().uri("/api/experiments/results").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.unreadable[?(@.directory == 'knee/20250102000000')]").doesNotExist()
                .jsonPath("$.searches[?(@.directory == 'knee/20250102000000')].sustainableRate").isEqualTo(120.5)
                .jsonPath("$.searches[?(@.directory == 'knee/20250102000000')].minRateMet").isEqualTo(true)
                .jsonPath("$.searches[?(@.directory == 'knee/20250102000000')].chart").isEqualTo("knee/20250102000000/search.svg");
        client.get().uri("/api/experiments/results/knee/20250102000000/search.svg").exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(new MediaType("image", "svg+xml"))
                .expectBody(String.class).value(svg -> assertThat(svg).startsWith("<svg"));
        client.get().uri("/api/experiments/results/knee/20250102000000/search.json").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.sustainable_rate").isEqualTo(120.5);
    }

    @Test
    void crossSitePostsAreRefused() {
        Run before = coordinator.run.currentRun();
        client.post().uri("/api/experiments").header("Sec-Fetch-Site", "cross-site").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", VALID)).exchange().expectStatus().isForbidden();
        client.post().uri("/api/experiments/stop").header("Origin", "http://evil.example").exchange().expectStatus().isForbidden();
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
    }

    /**
     * A results store that cannot be read answers 503 naming it: here a run whose files are
     * directories, which a disk store cannot read (root reads past file permissions, so those
     * would not do).
     */
    @Test
    void anUnreadableResultsFileIsA503NamingTheStore() throws Exception {
        Path root = Files.createDirectories(RESULTS.getParent().resolve("unreadable-results"));
        Files.createDirectories(root.resolve("t1/20250101000000/stats.json"));
        Files.createDirectories(root.resolve("t1/20250101000000/metrics/mem.json"));
        ExperimentSession session = new ExperimentSession(coordinator.run, new LocalResultsStore(root));
        WebTestClient direct = WebTestClient.bindToController(new ExperimentController(session,
                new ResultsCatalog(session.store(), 10), new ExperimentsProperties(root.toString(), null, 10),
                new ScenarioCatalog(coordinator.run, RESULTS.resolve("scenarios")))).build();
        for (String uri : new String[] {"/api/experiments/results/t1/20250101000000/stats.json",
                "/api/experiments/results/t1/20250101000000/metrics/mem"}) {
            direct.get().uri(uri).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).as(uri)
                            .startsWith("results: cannot read ").contains(root.toString()));
        }
    }

    @Test
    void theCsvExportIsCsvAndMetricPathTricksAreRefused() throws Exception {
        LocalResultsStore store = new LocalResultsStore(RESULTS);
        store.put("csvtest/20250101000000/metadata.json", """
                {"suite": "s,1", "test_name": "csvtest", "qps": 10, "duration_seconds": 2, "start_epoch_ms": 1000,
                 "end_epoch_ms": 3000, "metrics": {"mem": "up"}, "metric_errors": {}, "stopped": false, "exit_code": 0}"""
                .getBytes(StandardCharsets.UTF_8));
        store.put("csvtest/20250101000000/stats.json", """
                {"stats": [{"method": null, "name": "Aggregated", "num_requests": 20, "num_failures": 1,
                 "response_time_percentile_0.5": 2.5, "response_time_percentile_0.99": 9}],
                 "iterations_started": 20, "total_rps": 10}""".getBytes(StandardCharsets.UTF_8));
        store.put("csvtest/20250101000000/metrics/mem.json",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"7\"]]}]}}"
                        .getBytes(StandardCharsets.UTF_8));

        String csv = client.get().uri("/api/experiments/results.csv").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectHeader().value("Content-Disposition", d -> assertThat(d).contains("attachment"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).contains("\"s,1\",csvtest,20250101000000,1,").contains(",10,10,10,20,1,0.05,2.5,9,").contains(",7,7,\r\n");

        client.get().uri("/api/experiments/results").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.runs[?(@.testName == 'csvtest')].metrics.mem.max")
                .value(max -> assertThat(max.toString()).isEqualTo("[7.0]"));
        client.get().uri("/api/experiments/results/csvtest/20250101000000/metrics/mem").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.data.result[0].values[0][1]").isEqualTo("7");
        client.get().uri("/api/experiments/results/csvtest/20250101000000/metrics/absent").exchange().expectStatus().isNotFound();

        store.put("csvtest/20250101000000/report.html", "<html>report</html>".getBytes(StandardCharsets.UTF_8));
        client.get().uri("/api/experiments/results/csvtest/20250101000000/report.html").exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).isEqualTo("<html>report</html>");
        client.get().uri("/api/experiments/results/csvtest/20250101000000/stats.csv?download=1").exchange().expectStatus().isNotFound();
        client.get().uri("/api/experiments/results/csvtest/20250101000000/secret.json").exchange().expectStatus().isBadRequest();

        Files.writeString(RESULTS.getParent().resolve("secret.json"), "{\"secret\": true}");
        for (String tricky : new String[] {"/api/experiments/results/csvtest/20250101000000/metrics/..%2F..%2F..%2Fsecret",
                "/api/experiments/results/..%2F..%2F/20250101000000/metrics/secret",
                "/api/experiments/results/csvtest/..%2F..%2F/metrics/secret",
                "/api/experiments/results/.hidden/20250101000000/metrics/mem",
                "/api/experiments/results/csvtest/2025/metrics/mem",
                "/api/experiments/results/csvtest/20250101000000/..%2F..%2F..%2Fsecret.json"}) {
            client.get().uri(URI.create(tricky)).exchange()
                    .expectStatus().value(status -> assertThat(status).as(tricky).isIn(400, 404))
                    .expectBody(String.class).value(body -> assertThat(String.valueOf(body)).as(tricky).doesNotContain("secret\": true"));
        }
        client.get().uri(URI.create("/api/experiments/results/.hidden/20250101000000/metrics/mem")).exchange()
                .expectStatus().isBadRequest();
    }
}
