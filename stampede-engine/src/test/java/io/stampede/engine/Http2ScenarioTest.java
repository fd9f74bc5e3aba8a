package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.scenario.Step;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.http.client.NginxH2Server;

/**
 * A scenario with {@code http: {version: "2"}} against a real nginx: every request recorded as over
 * HTTP/1.1 (count, content length, the 404 as Locust's HTTPError), checks and extractors on h2
 * responses, and nginx's access log showing HTTP/2.0 on one connection.
 */
class Http2ScenarioTest {

    private static final String SCENARIO = """
            name: h2
            http: {version: "2"}
            users:
              - name: u
                tasks:
                  - steps:
                      - http: {name: first, path: /first, expect: {body_contains: "HTTP/2.0"},
                               extract: {connection: {regex: "HTTP/2.0 (\\\\d+) "}}}
                      - http: {name: second, path: "/second/${connection}", expect: {body_contains: "HTTP/2.0 ${connection} GET"}}
                      - http: {name: text, path: /text}
                      - http: {name: missing, path: /missing}
            """;

    @Test
    void anH2ScenarioIsRecordedAsOverHttp11AndItsChecksSeeTheH2Responses(@TempDir Path dir) throws Exception {
        try (NginxH2Server nginx = new NginxH2Server(dir);
             LoadEngine engine = new LoadEngine(new EngineSettings(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
            Scenario scenario = ScenarioParser.parse(SCENARIO, "h2.yaml");
            List<Step> steps = scenario.users().getFirst().tasks().getFirst().steps();
            RunSpec spec = RunSpec.of(scenario, "http://127.0.0.1:" + nginx.h2cPort);
            StatsRecorder recorder = new StatsRecorder();

            StepsOutcome outcome = engine.runOnce(spec, steps, recorder::record).get();

            assertThat(outcome.success()).isFalse(); // the 404 ends the task, as over HTTP/1.1
            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.byName).containsOnlyKeys("GET first", "GET second", "GET text", "GET missing");
            assertThat(totals.requests).isEqualTo(4);
            assertThat(totals.failures).isEqualTo(1);
            assertThat(totals.errors).containsOnlyKeys("HTTPError('404 Client Error: Not Found for url: missing')");
            // /text's 20 KB arrived gzip-compressed: the content length is the decompressed size, as over HTTP/1.1.
            assertThat(totals.contentLength).isGreaterThan(NginxH2Server.TEXT.length());
            List<String> log = nginx.accessLog();
            assertThat(log).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("HTTP/2.0 "));
            assertThat(log.stream().map(line -> line.split(" ")[1]).distinct()).hasSize(1);
            assertThat(log.get(1)).contains(" GET /second/" + log.get(0).split(" ")[1] + " 200");
        }
    }
}
