package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunReports;
import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsSnapshot;
import io.stampede.engine.link.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import io.stampede.testing.Await;

/**
 * A scenario's setup and teardown run exactly once per run, in the coordinator, against a real
 * loopback HTTP server that counts requests per method and path; workers are real engines.
 */
class SetupTeardownTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SCENARIO = """
            name: items
            setup:
              - http: {name: create, method: POST, path: /items, json: {name: load}, expect: {status: 201}, extract: {id: $.id}}
            users:
              - name: reader
                wait: {constant: 50ms}
                tasks: [{steps: [{http: {name: read, path: "/items/${id}"}}]}]
            teardown:
              - http: {name: delete, method: DELETE, path: "/items/${id}"}
            """;

    TestCoordinator coordinator;
    final List<Worker> workers = new ArrayList<>();
    final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
    DisposableServer server;

    @BeforeEach
    void start() {
        coordinator = new TestCoordinator(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
        coordinator.close();
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(2));
        }
    }

    /** POST /items answers {@code createStatus} with id "it-42"; everything else 200/204. */
    String target(int createStatus) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    seen.computeIfAbsent(req.method().name() + " " + req.uri(), k -> new AtomicLong()).incrementAndGet();
                    Mono<Void> body = req.receive().then();
                    if (req.method().name().equals("POST")) {
                        return body.then(res.status(createStatus).header("Content-Type", "application/json")
                                .sendString(Mono.just(createStatus == 201 ? "{\"id\":\"it-42\"}" : "{\"error\":\"down\"}")).then());
                    }
                    return body.then(res.status(req.method().name().equals("DELETE") ? 204 : 200)
                            .sendString(Mono.just("ok")).then());
                })
                .bindNow();
        return "http://127.0.0.1:" + server.port();
    }

    void worker(String id) {
        Worker w = new Worker(TestCoordinator.workerSettings(coordinator.link.port())
                .withWorkerId(id).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)));
        w.start();
        workers.add(w);
    }

    long count(String key) {
        AtomicLong n = seen.get(key);
        return n == null ? 0 : n.get();
    }

    long total() {
        return seen.values().stream().mapToLong(AtomicLong::get).sum();
    }

    static ScenarioSource scenario() {
        return new ScenarioSource("items.yaml", SCENARIO, ScenarioParser.parse(SCENARIO, "items.yaml"), Map.of());
    }

    @Test
    void setupAndTeardownRunOncePerRunAndEveryUserSeesTheExtractedId() throws Exception {
        String url = target(201);
        worker("w1");
        worker("w2");
        Await.until("2 workers", WAIT, () -> coordinator.registry.size() == 2);

        coordinator.run.swarm(new SwarmCommand(6, 100, url, null), scenario());
        Await.until("6 users", WAIT, () -> coordinator.run.userCount() == 6);
        worker("w3"); // joins mid-run: its rebalanced share must carry the setup variables too
        Await.until("3 workers", WAIT, () -> coordinator.registry.size() == 3);
        Await.until("reads", WAIT, () -> count("GET /items/it-42") >= 60);
        Await.until("w3 has users", WAIT, () -> coordinator.run.shares().containsKey("w3"));
        Thread.sleep(500);
        coordinator.run.stop();
        coordinator.run.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(coordinator.run.runError()).isNull();
        assertThat(coordinator.run.runVariables()).containsEntry("id", "it-42");
        assertThat(count("POST /items")).as("setup POSTs, seen %s", seen).isEqualTo(1);
        assertThat(count("DELETE /items/it-42")).as("teardown DELETEs, seen %s", seen).isEqualTo(1);
        // Every other request is a user's read of the extracted id: nothing like /items/${id} or /items/.
        assertThat(seen.keySet()).containsExactlyInAnyOrder("POST /items", "GET /items/it-42", "DELETE /items/it-42");

        StatsSnapshot stats = coordinator.run.snapshot();
        assertThat(stats.numFailures()).isZero();
        assertThat(stats.numRequests()).isEqualTo(total());
        assertThat(row(stats, "create").numRequests()).isEqualTo(1);
        assertThat(row(stats, "delete").numRequests()).isEqualTo(1);
        assertThat(coordinator.run.mergedRequests(RunCoordinator.COORDINATOR_WORKER_ID)).isZero(); // not a worker report
    }

    @Test
    void failedSetupStartsNoUserAndEndsTheRunWithItsReason() throws Exception {
        String url = target(500);
        worker("w1");
        worker("w2");
        Await.until("2 workers", WAIT, () -> coordinator.registry.size() == 2);

        coordinator.run.swarm(new SwarmCommand(6, 100, url, null), scenario());
        coordinator.run.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(coordinator.run.state()).isEqualTo(RunState.STOPPED);
        assertThat(coordinator.run.runError()).startsWith("setup: ").contains("create");
        Thread.sleep(500); // a user started by mistake would have made requests by now
        assertThat(seen.keySet()).as("the server saw %s", seen).containsExactly("POST /items");
        assertThat(count("POST /items")).isEqualTo(1);
        assertThat(coordinator.run.userCount()).isZero();
        assertThat(coordinator.run.shares()).isEmpty();
        StatsSnapshot stats = coordinator.run.snapshot();
        assertThat(stats.numRequests()).isEqualTo(1);
        assertThat(stats.numFailures()).isEqualTo(1);
        assertThat(new RunReports(coordinator.run).statsDocument().get("run_error"))
                .isEqualTo(coordinator.run.runError());
    }

    static RequestStats row(StatsSnapshot stats, String name) {
        return stats.entries().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stats row " + name + " in " + stats.entries()));
    }
}
