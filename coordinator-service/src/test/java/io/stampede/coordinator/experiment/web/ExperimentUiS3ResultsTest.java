package io.stampede.coordinator.experiment.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stampede.coordinator.experiment.ResultsCatalog;
import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStores;
import io.stampede.coordinator.experiment.results.S3ProxyServer;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.coordinator.ui.ScenarioCatalog;
import io.stampede.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Suites started from the UI with results in S3 (a real s3proxy) behave like {@code experiment run
 * --results s3://...}: a bucket that cannot take results stops the suite before any run, and when
 * S3 fails during the suite the files stay in the fallback directory and the suite's status says so.
 */
class ExperimentUiS3ResultsTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SUITE = """
            {"load_tests": [{"test_name": "tiny", "url": "http://127.0.0.1:9/", "qps": 5, "t": "10m", "c": 1}]}""";

    @TempDir
    Path dir;
    S3ProxyServer s3;
    TestCoordinator coordinator;
    ResultsStore store;
    ExperimentSession session;
    WebTestClient client;

    @BeforeEach
    void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket("results");
        coordinator = new TestCoordinator(Duration.ofSeconds(5));
    }

    private void open(String location) {
        store = ResultsStores.open(location, s3.settings(), dir.resolve("unsent"));
        session = new ExperimentSession(coordinator.run, store);
        client = WebTestClient.bindToController(new ExperimentController(session, new ResultsCatalog(store, 100),
                new ExperimentsProperties(location, null, 100), new ScenarioCatalog(coordinator.run, dir.resolve("scenarios"))))
                .configureClient().responseTimeout(WAIT).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
        coordinator.close();
        s3.close();
    }

    private WebTestClient.ResponseSpec post(String suite) {
        return client.post().uri("/api/experiments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suite", suite, "name", "config.json")).exchange();
    }

    @Test
    void aBucketThatDoesNotExistIsRefusedBeforeAnyRun() {
        open("s3://no-such-bucket/suites");
        Run before = coordinator.run.currentRun();

        post(SUITE).expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.message").value(m -> assertThat((String) m)
                        .startsWith("stampede.experiments.results s3://no-such-bucket/suites: cannot list s3://no-such-bucket/suites: NoSuchBucket")
                        .endsWith("nothing was run"));
        assertThat(coordinator.run.currentRun()).as("nothing started").isSameAs(before);
        assertThat(session.status().get("suite")).isNull();
    }

    @Test
    void whenS3FailsDuringTheSuiteTheFilesStayLocalAndTheStatusSaysWhere() throws Exception {
        open("s3://results/team");
        // No worker: the run waits for one until stopped, so S3 can go away while it is under way.
        post(SUITE).expectStatus().isOk().expectBody().jsonPath("$.results").isEqualTo("s3://results/team");
        Await.until("suite running", WAIT, () -> coordinator.run.state().isActive());
        assertThat(session.status().get("store_failures")).isNull();
        s3.close();
        client.post().uri("/api/experiments/stop").exchange().expectStatus().isOk();
        Await.until("suite finished", WAIT, () -> Boolean.FALSE.equals(session.status().get("active")));

        String kept = dir.resolve("unsent").toAbsolutePath().normalize().toString();
        client.get().uri("/api/experiments/current").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.recorded.length()").isEqualTo(1)
                .jsonPath("$.store_failures.count").value(count -> assertThat((Integer) count).isPositive())
                .jsonPath("$.store_failures.kept_in").isEqualTo(kept)
                .jsonPath("$.store_failures.message").value(m -> assertThat((String) m)
                        .contains("results operation(s) on s3://results/team failed; every file it refused is kept in " + kept))
                .jsonPath("$.store_failures.failures").value(failures -> assertThat((List<?>) failures)
                        .anyMatch(f -> f.toString().contains("put tiny/")));
        List<String> local = new LocalResultsStore(dir.resolve("unsent")).list("tiny/");
        assertThat(local).anyMatch(path -> path.matches("tiny/\\d{14}/metadata\\.json")).anyMatch(path -> path.endsWith("/stats.json"));
    }
}
