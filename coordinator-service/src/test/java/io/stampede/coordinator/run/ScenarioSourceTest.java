package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.stampede.core.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/** Which scenarios need a host: those with an http step relative to it, wherever it sits. */
class ScenarioSourceTest {

    @Test
    void onlyRelativeHttpStepsNeedAHost() {
        assertThat(source("""
                users:
                  - name: u
                    tasks:
                      - steps:
                          - dns: {query: "a.example.com"}
                          - http: {url: "https://api.example.com/x"}
                """).needsHost()).as("dns and absolute URLs").isFalse();
        assertThat(source("""
                users:
                  - name: u
                    on_start:
                      - loop: {count: 2, steps: [{if: {variable: x, exists: false, then: [{http: {path: /login}}]}}]}
                    tasks:
                      - steps: [{think: 1s}]
                """).needsHost()).as("relative, in an if in a loop of on_start").isTrue();
        assertThat(source("""
                users:
                  - name: u
                    tasks:
                      - name: group
                        tasks:
                          - steps: [{http: {path: /nested}}]
                """).needsHost()).as("relative, in a nested task group").isTrue();
        assertThat(source("""
                setup:
                  - http: {path: /tenants, method: POST}
                users:
                  - name: u
                    tasks:
                      - steps: [{think: 1s}]
                """).needsHost()).as("relative, in setup").isTrue();
        assertThat(ScenarioSource.defaultScenario(null).needsHost()).as("the built-in GET /").isTrue();
    }

    private static ScenarioSource source(String body) {
        String yaml = "name: t\n" + body;
        return new ScenarioSource("t.yaml", yaml, ScenarioParser.parse(yaml, "t.yaml"), Map.of());
    }
}
