package io.stampede.engine;

import static io.stampede.engine.Scenarios.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.Feeder;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;

/** Feeder files (sent as StartLoad attachments) as ${feeder.column} variables. */
class FeederTest {

    private static final String CITIES = "name,country\nOslo,NO\nLima,PE\nRome,IT\nKyiv,UA\n";
    private static LoadEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new LoadEngine(new EngineSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(8)));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    private static Scenario scenario(Feeder feeder, String path) {
        Task task = new Task("t", 1, false, List.of(get(path)), List.of());
        UserClass user = new UserClass("u", 1, new WaitTime.Constant(Duration.ofMillis(10)), false, List.of(task), List.of(), List.of());
        return new Scenario("feed", null, List.of(user), List.of(), List.of(), Map.of(feeder.name(), feeder), Map.of(), List.of());
    }

    @Test
    void aSequentialCsvFeederGivesEachRowOnceThenFailsTheStep() throws Exception {
        Feeder cities = new Feeder("cities", "cities.csv", Feeder.Strategy.SEQUENTIAL, Feeder.Sharing.SHARED);
        try (TestTarget target = new TestTarget()) {
            StatsRecorder recorder = new StatsRecorder();
            RunSpec spec = new RunSpec(null, scenario(cities, "/users/${cities.name}-${cities.country}"), target.url(), 0,
                    Map.of(), 0, 1, Map.of("cities.csv", CITIES));
            UserPopulation users = UserPopulation.start(engine, spec, recorder::record, 2, 0);
            StatsTotals totals = new StatsTotals();
            Await.until("3 failures", Duration.ofSeconds(5), () -> {
                totals.add(recorder.drain());
                return totals.failures >= 3;
            });
            users.stop().get(5, TimeUnit.SECONDS);
            totals.add(recorder.drain());

            assertThat(target.userPaths).containsExactlyInAnyOrder("Oslo-NO", "Lima-PE", "Rome-IT", "Kyiv-UA");
            assertThat(totals.requests - totals.failures).isEqualTo(4);
            assertThat(totals.errors).containsOnlyKeys("feeder 'cities' has no more rows (sequential, 4 rows)");
        }
    }

    @Test
    void aPartitionedJsonFeederGivesThisWorkerEveryNthRowInCircles() throws Exception {
        Feeder ids = new Feeder("ids", "ids.json", Feeder.Strategy.CIRCULAR, Feeder.Sharing.PARTITIONED);
        String json = "[{\"id\":0},{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]";
        try (TestTarget target = new TestTarget()) {
            RunSpec spec = new RunSpec(null, scenario(ids, "/users/${ids.id}"), target.url(), 0, Map.of(), 1, 2,
                    Map.of("ids.json", json));
            UserPopulation users = UserPopulation.start(engine, spec, (m, n, t, l, e) -> { }, 1, 0);
            Await.until("6 user paths", Duration.ofSeconds(5), () -> target.userPaths.size() >= 6);
            users.stop().get(5, TimeUnit.SECONDS);
            assertThat(target.userPaths.subList(0, 6)).containsExactly("1", "3", "1", "3", "1", "3");
        }
    }

    @Test
    void aMissingFeederFileRefusesTheRun() {
        Feeder cities = new Feeder("cities", "cities.csv", Feeder.Strategy.CIRCULAR, Feeder.Sharing.SHARED);
        RunSpec spec = new RunSpec(null, scenario(cities, "/users/${cities.name}"), "http://127.0.0.1:9", 0, Map.of(), 0, 1, Map.of());
        assertThatThrownBy(() -> UserPopulation.start(engine, spec, (m, n, t, l, e) -> { }, 1, 0))
                .isInstanceOf(ScenarioRejectedException.class)
                .hasMessage("feeder 'cities': file cities.csv was not sent with the scenario");
    }
}
