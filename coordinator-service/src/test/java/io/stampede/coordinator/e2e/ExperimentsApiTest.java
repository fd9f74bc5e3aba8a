package io.stampede.coordinator.e2e;

import io.stampede.testing.ListenPorts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.engine.link.Worker;
import io.stampede.testing.Await;
import io.stampede.testing.RequiredTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The Experiments API end to end: the whole coordinator in UI mode, a real worker over the link,
 * a real target, and Debian's Prometheus scraping the coordinator's own metrics. A one-test
 * suite is started through the API, followed to its end, and found in the results with its
 * metric's figures.
 */
class ExperimentsApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path work;

    @Test
    void aSuiteStartedThroughTheApiRunsAndIsFoundInTheResults() throws Exception {
        requirePrometheus();
        int prometheusPort = ListenPorts.free();
        String prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        Path results = work.resolve("results");
        DisposableServer target = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> res.sendString(Mono.just("ok")))
                .bindNow();
        ConfigurableApplicationContext context = TestApps.start(TestApps.options(0, null),
                "--stampede.experiments.results=" + results, "--stampede.experiments.prometheus-url=" + prometheusUrl,
                "--stampede.coordinator.history-dir=" + work.resolve("history"));
        Worker worker = null;
        Process prometheus = null;
        try {
            String base = "http://127.0.0.1:" + TestApps.webPort(context);
            worker = new Worker(TestCoordinator.workerSettings(context.getBean(LinkServer.class).port()).withWorkerId("experiments-worker"));
            worker.start();
            Files.writeString(work.resolve("prometheus.yml"), """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    scrape_configs:
                      - job_name: coordinator
                        metrics_path: /actuator/prometheus
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(TestApps.webPort(context)));
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            Await.until("Prometheus scraping the coordinator", WAIT, () -> scraping(prometheusUrl));

            String suite = """
                    {"load_tests": [{"test_name": "api-qps-20", "url": "http://127.0.0.1:%d/", "qps": 20, "t": "3s", "c": 4}],
                     "metrics": {"coordinator_workers": "max(stampede_workers)"}}""".formatted(target.port());
            // Without stampede.experiments.topology, a suite with a backends_map is refused, saying how to enable it.
            HttpResponse<String> withTopology = Http.postJson(base + "/api/experiments", Http.JSON.writeValueAsString(Map.of(
                    "suite", suite.replace("{\"load_tests\"", "{\"backends_map\": {\"0\": []}, \"load_tests\""), "name", "config.json")));
            assertThat(withTopology.statusCode()).as(withTopology.body()).isEqualTo(400);
            assertThat(Http.json(withTopology).path("message").asString()).startsWith("backends_map:")
                    .contains("stampede.experiments.topology");

            HttpResponse<String> started = Http.postJson(base + "/api/experiments",
                    Http.JSON.writeValueAsString(Map.of("suite", suite, "name", "config.json")));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(Http.json(started).path("runs").asInt()).isEqualTo(1);

            // A second suite while this one runs is refused.
            HttpResponse<String> second = Http.postJson(base + "/api/experiments",
                    Http.JSON.writeValueAsString(Map.of("suite", suite, "name", "config.json")));
            assertThat(second.statusCode()).isEqualTo(409);

            Await.until("suite finished", WAIT, () -> !current(base).path("active").asBoolean(true));
            JsonNode done = current(base);
            assertThat(done.path("error").isNull()).as(done.toString()).isTrue();
            assertThat(done.path("exit_code").asInt()).as(done.toString()).isZero();
            assertThat(done.path("recorded")).hasSize(1);
            assertThat(done.path("topology").asString()).isEqualTo("none");
            assertThat(done.path("store_failures").isNull()).as("a directory store: nothing refused").isTrue();
            String directory = done.path("recorded").get(0).path("directory").asString();
            assertThat(directory).startsWith("api-qps-20/");
            assertThat(results.resolve(directory).resolve("metadata.json")).exists();

            JsonNode listing = Http.json(Http.get(base + "/api/experiments/results"));
            JsonNode run = null;
            for (JsonNode row : listing.path("runs")) {
                if (row.path("directory").asString().equals(directory)) {
                    run = row;
                }
            }
            assertThat(run).as(listing.toString()).isNotNull();
            assertThat(run.path("suite").asString()).isEqualTo("config");
            assertThat(run.path("requestedRate").asDouble()).isEqualTo(20.0);
            assertThat(run.path("requests").asLong()).isBetween(50L, 62L);
            assertThat(run.path("achievedRate").asDouble()).isBetween(17.0, 21.0);
            assertThat(run.path("failRatio").asDouble()).isZero();
            JsonNode workers = run.path("metrics").path("coordinator_workers");
            assertThat(workers.path("error").isNull()).as(workers.toString()).isTrue();
            assertThat(workers.path("max").asDouble()).as(workers.toString()).isEqualTo(1.0);

            String[] parts = directory.split("/");
            HttpResponse<String> metric = Http.get(base + "/api/experiments/results/" + parts[0] + "/" + parts[1]
                    + "/metrics/coordinator_workers");
            assertThat(metric.statusCode()).isEqualTo(200);
            assertThat(Http.json(metric).path("data").path("resultType").asString()).isEqualTo("matrix");

            String csv = Http.get(base + "/api/experiments/results.csv").body();
            assertThat(csv.lines().toList()).hasSize(2);
            assertThat(csv).contains("config,api-qps-20," + parts[1] + ",1,");
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            if (worker != null) {
                worker.close();
            }
            context.close();
            target.disposeNow();
        }
    }

    private static JsonNode current(String base) {
        try {
            return Http.json(Http.get(base + "/api/experiments/current"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The coordinator's stampede_workers is in Prometheus: the suite's query will find samples. */
    private static boolean scraping(String prometheusUrl) {
        try {
            HttpResponse<String> response = Http.get(prometheusUrl + "/api/v1/query?query="
                    + URLEncoder.encode("stampede_workers", StandardCharsets.UTF_8));
            return response.statusCode() == 200 && Http.json(response).path("data").path("result").size() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requirePrometheus() {
        RequiredTools.require("apt-get install prometheus (.ci/apt.d/observability.txt)", PROMETHEUS);
    }

}
