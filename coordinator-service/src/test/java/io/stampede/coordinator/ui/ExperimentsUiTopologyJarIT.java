package io.stampede.coordinator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.stampede.testing.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A suite with a {@code backends_map} started through the Experiments API of the packaged
 * coordinator with {@code stampede.experiments.topology=local}: its nodes are real
 * sample-workload processes (the packaged jar) wired through {@code BACKENDS}, deployed before
 * the run, removed after the suite and when the coordinator is shut down during one.
 */
class ExperimentsUiTopologyJarIT {

    static final Path SAMPLE_WORKLOAD = Path.of("..", "sample-workload", "target", "sample-workload.jar").toAbsolutePath().normalize();
    static final Duration WAIT = Duration.ofSeconds(120);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        assertThat(SAMPLE_WORKLOAD).as("the packaged sample-workload jar (built before integration-test)").isRegularFile();
    }

    private CoordinatorProcess coordinator() throws Exception {
        return new CoordinatorProcess(dir, List.of("--local-workers", "1", "--web-host", "127.0.0.1",
                "--stampede.experiments.results=" + dir.resolve("results"), "--stampede.experiments.topology=local",
                "--stampede.experiments.topology-sample-workload=" + SAMPLE_WORKLOAD));
    }

    private static HttpResponse<String> start(CoordinatorProcess coordinator, String duration) throws Exception {
        String suite = """
                {"backends_map": {"0": ["1"], "1": []},
                 "load_tests": [{"test_name": "mesh", "url": "http://service-0.mesh.svc.cluster.local:9080/mesh", "qps": 5, "t": "%s", "c": 2}]}"""
                .formatted(duration);
        return HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + "/api/experiments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("suite", suite, "name", "config.json"))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(CoordinatorProcess coordinator, String path) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<ProcessHandle> nodes(CoordinatorProcess coordinator) {
        return coordinator.handle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("sample-workload.jar")).toList();
    }

    @Test
    void theBackendsMapIsDeployedTheRunAimedAtItsEntryAndTheNodesRemovedAfterTheSuite() throws Exception {
        try (CoordinatorProcess coordinator = coordinator()) {
            HttpResponse<String> started = start(coordinator, "2s");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(JSON.readTree(started.body()).path("topology").asString()).isEqualTo("local");
            Await.until("topology deployed", WAIT, () -> nodes(coordinator).size() == 2);
            List<ProcessHandle> nodes = nodes(coordinator);
            Await.until("suite finished", WAIT, () -> !get(coordinator, "/api/experiments/current").path("active").asBoolean(true));

            JsonNode done = get(coordinator, "/api/experiments/current");
            assertThat(done.path("error").isNull()).as(done.toString()).isTrue();
            assertThat(done.path("exit_code").asInt()).as(done.toString()).isZero();
            assertThat(done.path("log").toString()).contains("topology deployed (local): entry node 0 at http://127.0.0.1:");
            for (ProcessHandle node : nodes) {
                node.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(nodes(coordinator)).isEmpty();
            // every /mesh of the entry node answered, so its call to node 1 through BACKENDS did too
            JsonNode run = get(coordinator, "/api/experiments/results").path("runs").get(0);
            assertThat(run.path("requests").asLong()).as(run.toString()).isGreaterThanOrEqualTo(5);
            assertThat(run.path("failures").asLong()).as(run.toString()).isZero();
            JsonNode metadata = get(coordinator, "/api/experiments/results/" + run.path("directory").asString() + "/metadata.json");
            assertThat(metadata.path("url").asString()).matches("http://127\\.0\\.0\\.1:[0-9]+/mesh");
        }
    }

    @Test
    void shuttingTheCoordinatorDownDuringTheSuiteRemovesTheNodes() throws Exception {
        List<ProcessHandle> nodes;
        try (CoordinatorProcess coordinator = coordinator()) {
            assertThat(start(coordinator, "10m").statusCode()).isEqualTo(200);
            Await.until("topology deployed and the run under way", WAIT, () -> nodes(coordinator).size() == 2
                    && "running".equals(get(coordinator, "/api/experiments/current").path("phase").asString("")));
            nodes = nodes(coordinator);
        }
        for (ProcessHandle node : nodes) {
            node.onExit().get(30, TimeUnit.SECONDS);
            assertThat(node.isAlive()).as("sample-workload pid " + node.pid()).isFalse();
        }
    }
}
