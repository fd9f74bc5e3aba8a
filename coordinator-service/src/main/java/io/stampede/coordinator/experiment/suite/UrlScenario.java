package io.stampede.coordinator.experiment.suite;

import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenario of a url test: every iteration is one GET of the URL, nothing else (what Fortio
 * does). Written as YAML because workers receive a scenario's text and parse it themselves.
 */
public final class UrlScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UrlScenario() {
    }

    public static ScenarioSource of(String testName, String url) {
        // JSON strings are YAML double-quoted scalars: any URL or name is quoted safely.
        String yaml = """
                name: %s
                users:
                  - name: fortio
                    tasks:
                      - name: get
                        steps:
                          - http: {name: %s, method: GET, url: %s}
                """.formatted(JSON.writeValueAsString(testName), JSON.writeValueAsString(url), JSON.writeValueAsString(url));
        String name = testName + ".yaml";
        Scenario scenario = ScenarioParser.parse(yaml, name);
        return new ScenarioSource(name, yaml, scenario, java.util.Map.of());
    }
}
