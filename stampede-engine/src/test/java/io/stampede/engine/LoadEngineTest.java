package io.stampede.engine;

import static io.stampede.engine.Scenarios.get;
import static io.stampede.engine.Scenarios.post;
import static io.stampede.engine.Scenarios.status;
import static io.stampede.engine.Scenarios.think;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.DnsStep;
import io.stampede.core.scenario.Expect;
import io.stampede.core.scenario.Extractor;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.WaitTime;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.step.StepExecutors;
import io.stampede.testing.Await;

/** The engine against a real HTTP server on 127.0.0.1. */
class LoadEngineTest {

    private static LoadEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new LoadEngine(new EngineSettings(2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(8)));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void everyRequestTheServerSawIsRecordedOnce() throws Exception {
        try (TestTarget target = new TestTarget()) {
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(target.url()), null),
                    recorder::record, 20, 0);
            Await.until("500 requests served", Duration.ofSeconds(10), () -> target.requests.get() >= 500);
            users.stop().get(5, TimeUnit.SECONDS);

            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.requests).isEqualTo(target.requests.get()).isGreaterThanOrEqualTo(500);
            assertThat(totals.failures).isZero();
            // No check reads the body, so it is counted rather than copied: still every byte ("ok").
            assertThat(totals.contentLength).isEqualTo(2 * totals.requests);
            assertThat(totals.byName).containsOnlyKeys("GET /");
            assertThat(users.aliveCount()).isZero();
        }
    }

    @Test
    void extractedValueFlowsIntoTheNextTemplatedRequest() throws Exception {
        try (TestTarget target = new TestTarget()) {
            Expect sameId = new Expect(List.of(), null, Map.of("$.Id", "${id}", "$.Completed", false));
            Scenario scenario = Scenarios.of(new WaitTime.None(),
                    post("create", "/items", Map.of("Description", "item ${random.uuid} of ${user.id}", "Completed", false),
                            status(201), Map.of("id", new Extractor.JsonPath("$.Id"),
                                    "header", new Extractor.Header("X-Item"))),
                    get("/items/${id}", sameId),
                    get("/items/${header}"));
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(scenario, target.url()), recorder::record, 5, 0);
            Await.until("30 reads", Duration.ofSeconds(10), () -> target.readIds.size() >= 30);
            users.stop().get(5, TimeUnit.SECONDS);

            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.errors).isEmpty();
            assertThat(totals.byName).containsKeys("POST create", "GET /items/${id}", "GET /items/${header}");
            assertThat(target.createdIds).containsAll(target.readIds);
            assertThat(totals.requests).isEqualTo(target.requests.get());
        }
    }

    @Test
    void unexpectedResponsesAreFailuresWithTheirReason() throws Exception {
        try (TestTarget target = new TestTarget()) {
            Scenario scenario = Scenarios.of(new WaitTime.Constant(Duration.ofMillis(20)),
                    get("/missing"));
            Scenario wrongStatus = Scenarios.of(new WaitTime.Constant(Duration.ofMillis(20)),
                    get("/", status(201)));
            Scenario wrongBody = Scenarios.of(new WaitTime.Constant(Duration.ofMillis(20)),
                    get("/items/7", new Expect(List.of(), null, Map.of("$.Id", "8"))));
            StatsRecorder recorder = new StatsRecorder();
            List<UserPopulation> runs = new ArrayList<>();
            for (Scenario s : List.of(scenario, wrongStatus, wrongBody)) {
                runs.add(UserPopulation.start(engine, RunSpec.of(s, target.url()), recorder::record, 2, 0));
            }
            Await.until("30 requests served", Duration.ofSeconds(5), () -> target.requests.get() >= 30);
            for (UserPopulation run : runs) {
                run.stop().get(5, TimeUnit.SECONDS);
            }

            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.failures).isEqualTo(totals.requests).isEqualTo(target.requests.get());
            assertThat(totals.errors).containsOnlyKeys(
                    "HTTPError('404 Client Error: Not Found for url: /missing')",
                    "unexpected status 200 (expected 201)",
                    "$.Id: expected '8' but was '7'");
        }
    }

    @Test
    void refusedConnectionsAreFailuresAndUsersKeepGoing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StatsRecorder recorder = new StatsRecorder();
        UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenarios.of(new WaitTime.Constant(Duration.ofMillis(50)), get("/")),
                "http://127.0.0.1:" + closedPort), recorder::record, 4, 0);
        StatsTotals totals = new StatsTotals();
        Await.until("20 failures", Duration.ofSeconds(5), () -> {
            totals.add(recorder.drain());
            return totals.failures >= 20;
        });
        assertThat(users.userCount()).isEqualTo(4);
        users.stop().get(5, TimeUnit.SECONDS);
        totals.add(recorder.drain());

        assertThat(totals.failures).isEqualTo(totals.requests).isGreaterThanOrEqualTo(20);
        assertThat(totals.errors).containsOnlyKeys("ConnectionRefusedError: connection refused by 127.0.0.1:" + closedPort);
    }

    @Test
    void usersStartAtTheSpawnRateNotInABurst() throws Exception {
        UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenarios.of(new WaitTime.None(), think(200)), null),
                (m, n, t, l, e) -> { }, 30, 20);
        List<Integer> samples = new ArrayList<>();
        Await.until("30 users", Duration.ofSeconds(5), () -> {
            int count = users.userCount();
            samples.add(count);
            return count == 30;
        });
        users.stop().get(5, TimeUnit.SECONDS);

        // 30 users at 20/s take about 1.5 s: the count rises through many intermediate values.
        assertThat(samples.getLast()).isEqualTo(30);
        assertThat(samples.getFirst()).isLessThan(10);
        assertThat(new HashSet<>(samples).size()).isGreaterThanOrEqualTo(8);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i)).isGreaterThanOrEqualTo(samples.get(i - 1));
        }
    }

    @Test
    void adjustStopsTheNewestUsersAndKeepsTheOthers() throws Exception {
        try (TestTarget target = new TestTarget()) {
            Scenario scenario = Scenarios.of(new WaitTime.Constant(Duration.ofMillis(30)), get("/users/${user.id}"));
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(scenario, target.url()), (m, n, t, l, e) -> { }, 10, 0);
            Await.until("10 users seen", Duration.ofSeconds(5), () -> distinct(target.userPaths).size() == 10);

            users.adjust(4, 0);
            assertThat(users.userCount()).isEqualTo(4);
            Await.until("4 users alive", Duration.ofSeconds(8), () -> users.aliveCount() == 4);
            target.userPaths.clear();
            // Only the four oldest users are left: whatever comes now comes from them.
            Await.until("4 users seen", Duration.ofSeconds(5), () -> distinct(target.userPaths).size() >= 4);
            assertThat(distinct(target.userPaths)).containsExactlyInAnyOrder("0", "1", "2", "3");

            users.adjust(7, 0);
            Await.until("7 users seen", Duration.ofSeconds(5), () -> distinct(target.userPaths).size() == 7);
            assertThat(distinct(target.userPaths)).containsExactlyInAnyOrder("0", "1", "2", "3", "10", "11", "12");
            users.stop().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aScenarioWithAStepKindWithoutExecutorIsRefusedAtStart() {
        Scenario scenario = Scenarios.of(new WaitTime.None(), get("/"),
                new DnsStep(null, "example.test", DnsStep.RecordType.A, null, null));
        // A registry without a dns executor, as the engine had before dns steps were implemented.
        StepExecutors withoutDns = StepExecutors.builder().registerControlFlow().build();
        assertThatThrownBy(() -> ScenarioPlan.compile(scenario, Map.of(), withoutDns))
                .isInstanceOf(ScenarioRejectedException.class)
                .hasMessageContaining("user class 'user', task 'task'")
                .hasMessageContaining("step kind 'http' is not supported");
        io.netty.channel.nio.NioEventLoopGroup group = new io.netty.channel.nio.NioEventLoopGroup(1);
        try (var client = new io.stampede.engine.http.client.Http1Client(group, io.netty.channel.socket.nio.NioSocketChannel.class,
                io.netty.channel.socket.nio.NioDatagramChannel.class, io.stampede.engine.http.client.Http1ClientSettings.defaults(4))) {
            StepExecutors withoutDnsButHttp = StepExecutors.builder().registerControlFlow()
                    .register(new io.stampede.engine.http.HttpStepExecutor(client, Duration.ofSeconds(1)))
                    .build();
            assertThatThrownBy(() -> ScenarioPlan.compile(scenario, Map.of(), withoutDnsButHttp))
                    .isInstanceOf(ScenarioRejectedException.class)
                    .hasMessageContaining("step kind 'dns' is not supported");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void userClassesArePickedInProportionToTheirWeights() throws Exception {
        try (TestTarget target = new TestTarget()) {
            io.stampede.core.scenario.Task a = new io.stampede.core.scenario.Task("a", 1, false, List.of(get("/users/a-${user.id}")), List.of());
            io.stampede.core.scenario.Task b = new io.stampede.core.scenario.Task("b", 1, false, List.of(get("/users/b-${user.id}")), List.of());
            WaitTime wait = new WaitTime.Constant(Duration.ofSeconds(30));
            Scenario scenario = Scenarios.of(
                    new io.stampede.core.scenario.UserClass("A", 3, wait, false, List.of(a), List.of(), List.of()),
                    new io.stampede.core.scenario.UserClass("B", 1, wait, false, List.of(b), List.of(), List.of()));
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(scenario, target.url()), (m, n, t, l, e) -> { }, 8, 0);
            Await.until("8 user paths", Duration.ofSeconds(5), () -> target.userPaths.size() == 8);
            users.stop().get(5, TimeUnit.SECONDS);
            assertThat(target.userPaths.stream().filter(p -> p.startsWith("a-")).count()).isEqualTo(6);
            assertThat(target.userPaths.stream().filter(p -> p.startsWith("b-")).count()).isEqualTo(2);
        }
    }

    @Test
    void setupStepsRunOnceAndTheirExtractedValuesBecomeRunVariables() throws Exception {
        try (TestTarget target = new TestTarget()) {
            Scenario scenario = Scenarios.of(new WaitTime.None(), get("/"));
            StatsRecorder recorder = new StatsRecorder();
            StepsOutcome setup = engine.runOnce(RunSpec.of(scenario, target.url()),
                    List.of(post("login", "/items", Map.of("user", "admin"), status(201),
                            Map.of("token", new Extractor.JsonPath("$.Id"))), get("/items/${token}")),
                    recorder::record).get(5, TimeUnit.SECONDS);

            assertThat(setup.success()).isTrue();
            assertThat(setup.variables()).containsEntry("token", target.readIds.getFirst());
            assertThat(target.requests.get()).isEqualTo(2);
            assertThat(StatsTotals.drain(recorder).byName).containsOnlyKeys("POST login", "GET /items/${token}");

            StepsOutcome failed = engine.runOnce(RunSpec.of(scenario, target.url()), List.of(get("/missing")),
                    recorder::record).get(5, TimeUnit.SECONDS);
            assertThat(failed.success()).isFalse();
        }
    }

    private static Set<String> distinct(List<String> values) {
        return new HashSet<>(values);
    }
}
