package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.stampede.coordinator.support.Deltas;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario thresholds as written in YAML, evaluated on merged stats: what decides exit 0 or 1. */
class ThresholdCheckTest {

    static Scenario scenario(Path dir, String thresholds) throws Exception {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                name: t
                host: http://127.0.0.1:9
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps:
                          - http: {name: /, method: GET, path: /}
                thresholds:
                """ + thresholds);
        return ScenarioParser.parse(file);
    }

    static StatsSnapshot stats(long requests, long failures, long micros) {
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge(Deltas.get(requests, failures, micros));
        return aggregator.snapshot(System.currentTimeMillis());
    }

    @Test
    void holdingThresholdsGiveNoBreach(@TempDir Path dir) throws Exception {
        Scenario s = scenario(dir, """
                  - {request: /, metric: p95, lt: 50ms}
                  - {metric: fail_ratio, lt: 1%}
                  - {metric: num_failures, le: 0}
                """);
        assertThat(ThresholdCheck.breaches(s.thresholds(), stats(100, 0, 20_000))).isEmpty();
    }

    @Test
    void breachesAreDescribedWithTheActualValue(@TempDir Path dir) throws Exception {
        Scenario s = scenario(dir, """
                  - {request: /, metric: p95, lt: 10ms}
                  - {metric: fail_ratio, lt: 0.01}
                  - {metric: avg, le: 100ms}
                """);
        List<String> breaches = ThresholdCheck.breaches(s.thresholds(), stats(100, 5, 20_000));
        assertThat(breaches).hasSize(2);
        assertThat(breaches.get(0)).contains("GET /").contains("actual 20");
        assertThat(breaches.get(1)).contains("Aggregated").contains("0.050");
    }

    @Test
    void correctedPercentilesAndRunWideOpenModelFiguresCanBeBounded(@TempDir Path dir) throws Exception {
        Scenario s = scenario(dir, """
                  - {request: /, metric: p99, lt: 50ms}
                  - {request: /, metric: corrected_p99, lt: 50ms}
                  - {metric: dropped_iterations, le: 0}
                  - {metric: achieved_rate, ge: 0}
                """);
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge(Deltas.late(100, 20_000, 300_000, 100, 7));

        List<String> breaches = ThresholdCheck.breaches(s.thresholds(), aggregator.snapshot(System.currentTimeMillis()));

        assertThat(breaches).hasSize(2);
        assertThat(breaches.get(0)).startsWith("/ corrected_p99 lt 50ms: actual 299.").endsWith("for GET /");
        assertThat(breaches.get(1)).isEqualTo("dropped_iterations le 0: actual 7 for the run");
    }
}
