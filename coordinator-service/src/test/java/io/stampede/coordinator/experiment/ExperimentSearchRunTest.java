package io.stampede.coordinator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.experiment.search.OneAtATimeTarget;
import io.stampede.coordinator.experiment.search.ProbePoint;
import io.stampede.coordinator.experiment.search.SearchResult;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteReader;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.engine.link.Worker;
import io.stampede.testing.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A suite's {@code search:} entry through the runner, the real coordinator, a real worker and
 * the real link against {@link OneAtATimeTarget} (at most 100 requests/s): every judged step is
 * recorded like a run, the search's knee chart and verdict beside them, and a required
 * {@code min_rate} above the target's capacity fails the suite (exit 1). Steps hold 2 s.
 */
class ExperimentSearchRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TestCoordinator coordinator;
    Worker worker;
    OneAtATimeTarget target;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    @TempDir
    Path results;

    @BeforeEach
    void start() throws InterruptedException {
        coordinator = new TestCoordinator(Duration.ofSeconds(5));
        // 20 ms per request, one at a time: at most 50/s
        target = new OneAtATimeTarget(20);
        worker = new Worker(TestCoordinator.workerSettings(coordinator.link.port())
                .withWorkerId("w1").withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)));
        worker.start();
        Await.until("the worker", Duration.ofSeconds(15), () -> coordinator.registry.size() == 1);
    }

    @AfterEach
    void stop() {
        worker.close();
        coordinator.close();
        target.close();
    }

    private Suite suite(Path dir, String search) {
        return SuiteReader.read("""
                name: capacity
                load_tests:
                  - test_name: knee
                    url: %s/
                    c: 200
                    warm_up: 3s
                    search: %s
                """.formatted(target.baseUrl(), search), dir.resolve("capacity.yaml").toString(), false, dir);
    }

    private ExperimentRunner runner() {
        return new ExperimentRunner(coordinator.run, new LocalResultsStore(results), null,
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private JsonNode json(String path) throws Exception {
        return JSON.readTree(Files.readString(results.resolve(path)));
    }

    @Test
    void aSearchRecordsEachStepLikeARunAndFailsWhenMinRateIsNotMet(@TempDir Path dir) throws Exception {
        // the SLO's p99 is loose enough for a stall of this shared machine at a low rate; above the
        // capacity the achieved rate breaks it whatever the latency
        Suite suite = suite(dir, "{start_rate: 10, max_rate: 100, hold: 2s, precision_percent: 20, max_steps: 5,"
                + " min_rate: 75, slo: {p99_ms: 1000}}");
        ExperimentRunner runner = runner();
        ExperimentRunner.Outcome outcome = runner.run(suite);
        String log = console.toString(StandardCharsets.UTF_8);

        assertThat(outcome.exitCode()).as(log).isEqualTo(ExperimentRunner.EXIT_FAILED);
        assertThat(outcome.stopped()).isFalse();
        assertThat(runner.progress().phase()).isEqualTo(ExperimentProgress.Phase.FINISHED);
        SearchOutcome search = outcome.searches().getFirst();
        SearchResult result = search.result();
        assertThat(search.error()).as(log).isNull();
        // the target finishes at most 50/s: far below holds, twice that breaks
        assertThat(result.sustainableRate()).as(log).isPresent();
        // a 2 s step hides a small overload (its queue is short yet): the knee's precision is
        // CoordinatorCapacitySearchTest's, here only that the search stays near the capacity
        assertThat(result.sustainableRate().getAsDouble()).isBetween(10.0, target.capacity() * 1.3);
        assertThat(result.firstBreakingRate()).isPresent();
        assertThat(result.meetsMinimum(75)).isFalse();
        List<ProbePoint> judged = result.points().stream().filter(ProbePoint::judged).toList();
        assertThat(judged).hasSizeBetween(3, 5);
        assertThat(result.points().getFirst().phase()).isEqualTo(ProbePoint.Phase.WARMUP);

        // every judged step is a run directory of its own, in the step order, the warm-up none
        assertThat(search.steps()).hasSameSizeAs(judged);
        assertThat(outcome.runs()).isEqualTo(search.steps());
        for (int i = 0; i < judged.size(); i++) {
            String step = search.steps().get(i).directory();
            assertThat(step).startsWith("knee/").isNotEqualTo(search.directory());
            JsonNode metadata = json(step + "/metadata.json");
            assertThat(metadata.get("kind").asString()).isEqualTo("search_step");
            assertThat(metadata.get("search").asString()).isEqualTo(search.directory());
            assertThat(metadata.get("search_step").asInt()).isEqualTo(i + 1);
            assertThat(metadata.get("qps").asDouble()).isEqualTo(judged.get(i).rate());
            assertThat(metadata.get("meets_slo").asBoolean()).isEqualTo(judged.get(i).meetsSlo());
            assertThat(metadata.get("duration_seconds").asInt()).isEqualTo(2);
            assertThat(results.resolve(step + "/stats.json")).isRegularFile();
            assertThat(results.resolve(step + "/report.html")).isRegularFile();
            // the stats are the step's own: requests at about its rate for 2 s
            long requests = json(step + "/stats.json").get("stats").valueStream()
                    .filter(row -> row.get("name").asString().equals("Aggregated")).findFirst().orElseThrow()
                    .get("num_requests").asLong();
            assertThat(requests).as(step).isBetween((long) (judged.get(i).rate() * 2 * 0.5), (long) (judged.get(i).rate() * 2 * 1.2) + 2);
        }

        JsonNode metadata = json(search.directory() + "/metadata.json");
        assertThat(metadata.get("kind").asString()).isEqualTo("search");
        assertThat(metadata.get("min_rate").asDouble()).isEqualTo(75);
        assertThat(metadata.get("min_rate_met").asBoolean()).isFalse();
        assertThat(metadata.get("exit_code").asInt()).isEqualTo(1);
        assertThat(metadata.get("sustainable_rate").asDouble()).isEqualTo(result.sustainableRate().getAsDouble());
        assertThat(metadata.get("steps").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(search.steps().stream().map(RecordedRun::directory).toList());
        JsonNode chart = json(search.directory() + "/search.json");
        assertThat(chart.get("points")).hasSize(result.points().size());
        assertThat(Files.readString(results.resolve(search.directory() + "/search.svg"))).startsWith("<svg");
        assertThat(log).contains("capacity search knee").contains("min_rate 75/s NOT met").doesNotContain("/s/s");

        // Read back for the Experiments page: the search with its found rate, each step a run of it.
        ResultsCatalog.Listing listing = new ResultsCatalog(new LocalResultsStore(results), 100).list();
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.total()).isEqualTo(search.steps().size() + 1);
        ResultsCatalog.SearchSummary found = listing.searches().getFirst();
        assertThat(listing.searches()).hasSize(1);
        assertThat(found.directory()).isEqualTo(search.directory());
        assertThat(found.suite()).isEqualTo("capacity");
        assertThat(found.sustainableRate()).isEqualTo(result.sustainableRate().getAsDouble());
        assertThat(found.firstBreakingRate()).isEqualTo(result.firstBreakingRate().getAsDouble());
        assertThat(found.outcome()).isEqualTo(result.outcome().name());
        assertThat(found.minRate()).isEqualTo(75.0);
        assertThat(found.minRateMet()).isFalse();
        assertThat(found.exitCode()).isEqualTo(1);
        assertThat(found.steps()).isEqualTo(search.steps().stream().map(RecordedRun::directory).toList());
        assertThat(found.chart()).isEqualTo(search.directory() + "/search.svg");
        assertThat(listing.runs()).extracting(ResultsCatalog.RunSummary::directory)
                .containsExactlyInAnyOrderElementsOf(found.steps());
        for (ResultsCatalog.RunSummary step : listing.runs()) {
            int index = found.steps().indexOf(step.directory());
            assertThat(step.kind()).isEqualTo("search_step");
            assertThat(step.search()).isEqualTo(search.directory());
            assertThat(step.searchStep()).isEqualTo(index + 1);
            assertThat(step.phase()).isEqualTo(judged.get(index).phase().name());
            assertThat(step.meetsSlo()).isEqualTo(judged.get(index).meetsSlo());
            assertThat(step.requestedRate()).isEqualTo(judged.get(index).rate());
        }
        assertThat(ResultsCsv.of(listing.runs()).lines().skip(1))
                .allMatch(row -> row.contains(",search_step," + search.directory() + ","));
    }

    @Test
    void aStopDuringASearchEndsItWithTheStepsSoFar(@TempDir Path dir) throws Exception {
        Suite suite = suite(dir, "{start_rate: 10, max_rate: 1000, hold: 2s, slo: {p99_ms: 1000}}");
        ExperimentRunner runner = runner();
        CompletableFuture<ExperimentRunner.Outcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(suite);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the first recorded step", Duration.ofSeconds(30), () -> {
            try (var files = Files.walk(results)) {
                return files.anyMatch(f -> f.getFileName().toString().equals("metadata.json"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        runner.stop();
        ExperimentRunner.Outcome outcome = running.get(30, TimeUnit.SECONDS);

        assertThat(outcome.stopped()).isTrue();
        assertThat(runner.progress().phase()).isEqualTo(ExperimentProgress.Phase.STOPPED);
        SearchOutcome search = outcome.searches().getFirst();
        assertThat(search.result().outcome()).isEqualTo(SearchResult.Outcome.STOPPED);
        assertThat(search.steps()).isNotEmpty();
        assertThat(search.result().points().stream().filter(ProbePoint::judged).count()).isEqualTo(search.steps().size());
        assertThat(json(search.directory() + "/metadata.json").get("outcome").asString()).isEqualTo("STOPPED");
        assertThat(coordinator.run.state().isActive()).isFalse();
    }
}
