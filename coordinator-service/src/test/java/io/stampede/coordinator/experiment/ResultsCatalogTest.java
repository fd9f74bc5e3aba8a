package io.stampede.coordinator.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.stampede.coordinator.experiment.ResultsCatalog.Listing;
import io.stampede.coordinator.experiment.ResultsCatalog.RunSummary;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteReader;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.engine.link.Worker;
import io.stampede.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The catalog over files the runner really wrote: a two-test suite run by {@link ExperimentRunner}
 * on a real coordinator, worker and target, its metrics answered by an HTTP server speaking
 * Prometheus' API (one query succeeds with a known matrix, one fails), then read back.
 */
class ResultsCatalogTest {

    /** The matrix every good query gets: two series, samples 100, 300 and 200 → max 300, mean 200. */
    static final String MATRIX = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"pod":"service-0-a"},"values":[[1,"100"],[2,"300"]]},
              {"metric":{"pod":"service-0-b"},"values":[[1,"200"],[2,"NaN"]]}]}}""";

    @TempDir
    static Path results;
    static TestCoordinator coordinator;
    static Worker worker;
    static DisposableServer target;
    static DisposableServer prometheus;
    static ExperimentRunner.Outcome outcome;

    @BeforeAll
    static void runASuite() throws Exception {
        coordinator = new TestCoordinator(Duration.ofSeconds(5));
        target = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> res.sendString(Mono.just("ok"))).bindNow();
        prometheus = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive().aggregate().asString()
                .defaultIfEmpty("").flatMap(form -> {
                    if (form.contains("query=rate%28%28")) { // rate((
                        return res.status(400).sendString(Mono.just(
                                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error: unexpected \\\"(\\\", at char 5\"}")).then();
                    }
                    return res.sendString(Mono.just(MATRIX)).then();
                })).bindNow();
        worker = new Worker(TestCoordinator.workerSettings(coordinator.link.port())
                .withWorkerId("catalog-worker"));
        worker.start();
        Await.until("worker connected", Duration.ofSeconds(10), () -> coordinator.registry.size() == 1);
        String url = "http://127.0.0.1:" + target.port() + "/";
        Suite suite = SuiteReader.read("""
                name: catalog
                load_tests:
                  - {test_name: low, url: "%s", qps: 20, t: 1s, c: 4}
                  - {test_name: high, url: "%s", qps: 40, t: 1s, c: 4}
                metrics:
                  entry_memory: max(container_memory_working_set_bytes)
                  broken: rate((
                """.formatted(url, url), "catalog.yaml", false, null);
        ExperimentRunner runner = new ExperimentRunner(coordinator.run, new LocalResultsStore(results),
                new PrometheusClient(URI.create("http://127.0.0.1:" + prometheus.port())),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        outcome = runner.run(suite);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (target != null) {
            target.disposeNow();
        }
        if (prometheus != null) {
            prometheus.disposeNow();
        }
    }

    @Test
    void everyRecordedRunIsListedWithItsRatesLatenciesAndMetricFigures() throws Exception {
        assertThat(outcome.runs()).hasSize(2);
        Listing listing = new ResultsCatalog(new LocalResultsStore(results), 100).list();

        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.total()).isEqualTo(2);
        assertThat(listing.omitted()).isZero();
        assertThat(listing.runs()).extracting(RunSummary::directory)
                .containsExactlyInAnyOrderElementsOf(outcome.runs().stream().map(RecordedRun::directory).toList());
        RunSummary high = listing.runs().stream().filter(r -> r.testName().equals("high")).findFirst().orElseThrow();
        assertThat(high.suite()).isEqualTo("catalog");
        assertThat(high.timestamp()).matches("\\d{14}");
        assertThat(high.requestedRate()).isEqualTo(40.0);
        assertThat(high.requests()).isPositive();
        // Iterations over the test's 1 s (not over the run's span with its start lead and final reports).
        assertThat(high.achievedRate()).isBetween(36.0, 41.0);
        assertThat(high.failRatio()).isZero();
        assertThat(high.p50()).isNotNull().isPositive();
        assertThat(high.p99()).isGreaterThanOrEqualTo(high.p50());
        assertThat(high.correctedP99()).isNotNull().isGreaterThanOrEqualTo(high.p99() * 0.99);
        assertThat(high.metrics()).containsOnlyKeys("entry_memory", "broken");
        assertThat(high.metrics().get("entry_memory").max()).isEqualTo(300.0);
        assertThat(high.metrics().get("entry_memory").mean()).isEqualTo(200.0);
        assertThat(high.metrics().get("entry_memory").samples()).isEqualTo(3);
        assertThat(high.metrics().get("broken").error()).contains("bad_data").contains("parse error");
        assertThat(high.metrics().get("broken").max()).isNull();
    }

    @Test
    void theCapKeepsTheNewestRunsAndAnUnreadableRunIsAnEntryNotAFailure() throws Exception {
        Path copy = Files.createTempDirectory("catalog-copy");
        try (var files = Files.walk(results)) {
            for (Path file : files.toList()) {
                Path to = copy.resolve(results.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        LocalResultsStore store = new LocalResultsStore(copy);
        store.put("garbled/20990101000000/metadata.json", "{not json".getBytes(StandardCharsets.UTF_8));
        store.put("nostats/20980101000000/metadata.json", "{}".getBytes(StandardCharsets.UTF_8));
        store.put("not-a-run/latest/metadata.json", "{}".getBytes(StandardCharsets.UTF_8));

        Listing all = new ResultsCatalog(store, 100).list();
        assertThat(all.total()).isEqualTo(4);
        assertThat(all.runs()).hasSize(2);
        assertThat(all.unreadable()).extracting(ResultsCatalog.Unreadable::directory)
                .containsExactly("garbled/20990101000000", "nostats/20980101000000");
        assertThat(all.unreadable().get(1).error()).contains("stats.json missing");

        Listing capped = new ResultsCatalog(store, 3).list();
        assertThat(capped.omitted()).isEqualTo(1);
        assertThat(capped.runs()).hasSize(1); // the newest real run; the oldest is left out
        assertThat(capped.runs().getFirst().directory())
                .isEqualTo(all.runs().stream().map(RunSummary::directory).max(java.util.Comparator.comparing(
                        (String d) -> d.substring(d.indexOf('/') + 1)).thenComparing(java.util.Comparator.<String>reverseOrder())).orElseThrow());
    }

    @Test
    void aStoredMetricIsServedAsWrittenAndPathTricksAreRefused() throws Exception {
        ResultsCatalog catalog = new ResultsCatalog(new LocalResultsStore(results), 100);
        String directory = outcome.runs().getFirst().directory();
        String[] parts = directory.split("/");
        assertThat(new String(catalog.metric(parts[0], parts[1], "entry_memory").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(MATRIX);
        assertThat(catalog.metric(parts[0], parts[1], "absent")).isEmpty();
        for (List<String> bad : List.of(List.of("..", parts[1], "entry_memory"), List.of(parts[0], "..", "entry_memory"),
                List.of(parts[0], parts[1], "../stats"), List.of(parts[0], parts[1], ".hidden"),
                List.of("a/b", parts[1], "entry_memory"), List.of(parts[0], "2026", "entry_memory"))) {
            assertThatThrownBy(() -> catalog.metric(bad.get(0), bad.get(1), bad.get(2)))
                    .as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theCsvHasOneQuotedRowPerRunAndAColumnPairPerMetric() throws Exception {
        Listing listing = new ResultsCatalog(new LocalResultsStore(results), 100).list();
        String csv = ResultsCsv.of(listing.runs());
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).startsWith("suite,test_name,timestamp,")
                .endsWith(",entry_memory_max,entry_memory_mean,entry_memory_error,broken_max,broken_mean,broken_error");
        // The error has a comma and quotes: quoted, quotes doubled.
        assertThat(lines.get(1)).startsWith("catalog,").contains(",300,200,,,,\"bad_data: parse error: unexpected \"\"(\"\", at char 5\"");
        assertThat(ResultsCsv.quote("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(ResultsCsv.quote("-1.5")).isEqualTo("-1.5");
    }
}
