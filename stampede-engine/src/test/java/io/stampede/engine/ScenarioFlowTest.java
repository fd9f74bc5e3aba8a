package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;

/** Scenarios written in YAML (the real parser) driving on_start/on_stop, sequential tasks, loop and if. */
class ScenarioFlowTest {

    private static final String FLOW = """
            name: flow
            # The parser (at the time of writing) does not see loop variables as defined inside the loop.
            variables: {letter: none}
            users:
              - name: walker
                sequential: true
                wait: {constant: 5ms}
                on_start:
                  - http: {method: GET, path: "/users/start-${user.id}"}
                on_stop:
                  - http: {method: GET, path: "/users/stop-${user.id}"}
                tasks:
                  - name: first
                    steps:
                      - http: {method: GET, path: /users/first}
                  - name: second
                    steps:
                      - loop:
                          over: [x, y]
                          as: letter
                          steps:
                            - http: {method: GET, path: "/users/loop-${letter}"}
                      - if:
                          variable: letter
                          equals: y
                          then:
                            - http: {method: GET, path: /users/then}
                          else:
                            - http: {method: GET, path: /users/else}
                      - think: 1ms
            """;

    private static final String NESTED = """
            name: nested
            users:
              - name: browser
                wait: {constant: 1ms}
                tasks:
                  - name: outer
                    sequential: true
                    steps:
                      - http: {method: GET, path: /users/outer}
                    tasks:
                      - name: one
                        steps:
                          - http: {method: GET, path: /users/one}
                      - name: two
                        steps:
                          - http: {method: GET, path: /users/two}
            """;

    @Test
    void aTaskWithANestedSequentialGroupRunsItsStepsThenTheNextPick() throws Exception {
        Scenario scenario = ScenarioParser.parse(NESTED, "nested.yaml");
        try (TestTarget target = new TestTarget();
             LoadEngine engine = new LoadEngine(new EngineSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(8)))) {
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(scenario, target.url()), (m, n, t, l, e) -> { }, 1, 0);
            Await.until("8 user paths", Duration.ofSeconds(10), () -> target.userPaths.size() >= 8);
            users.stop().get(10, TimeUnit.SECONDS);
            assertThat(target.userPaths.subList(0, 8))
                    .containsExactly("outer", "one", "outer", "two", "outer", "one", "outer", "two");
        }
    }

    @Test
    void onStartSequentialTasksLoopIfAndOnStopRunInOrder() throws Exception {
        Scenario scenario = ScenarioParser.parse(FLOW, "flow.yaml");
        try (TestTarget target = new TestTarget();
             LoadEngine engine = new LoadEngine(new EngineSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(8)))) {
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, new RunSpec(null, scenario, target.url(), 40, null), recorder::record, 1, 0);
            Await.until("20 user paths", Duration.ofSeconds(10), () -> target.userPaths.size() >= 20);
            users.stop().get(5, TimeUnit.SECONDS);

            List<String> paths = List.copyOf(target.userPaths);
            assertThat(paths.subList(0, 10)).containsExactly("start-40", "first", "loop-x", "loop-y", "then",
                    "first", "loop-x", "loop-y", "then", "first");
            assertThat(paths.getLast()).isEqualTo("stop-40");
            assertThat(paths).doesNotContain("else").containsOnlyOnce("start-40", "stop-40");
            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.failures).isZero();
            assertThat(totals.requests).isEqualTo(paths.size());
        }
    }
}
