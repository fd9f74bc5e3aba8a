package io.stampede.coordinator.experiment.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReaderTest {

    /** The App Mesh load-test harness's config.json as its README describes it, mesh settings and all. */
    static final String HARNESS_CONFIG = """
            {
              "isTLSEnabled": false,
              "ismTLSEnabled": false,
              "RoutesCountPerVirtualRouter": 1,
              "BackendsCountPerVirtualNode": 2,
              "ReplicasPerVirtualNode": 1,
              "ConnectivityCheckPerURL": 400,
              "backends_map": {
                "0": ["1", "2"],
                "1": ["3"],
                "2": ["4"]
              },
              "load_tests": [
                {
                  "test_name": "experiment_qps_100",
                  "url": "http://service-0.tls-e2e.svc.cluster.local:9080/",
                  "qps": "100",
                  "t": "30s",
                  "c": "2"
                },
                {
                  "test_name": "experiment_qps_500",
                  "url": "http://service-0.tls-e2e.svc.cluster.local:9080/",
                  "qps": 500,
                  "t": 120,
                  "c": 8
                }
              ],
              "metrics": {
                "envoy_memory_MB_by_replica_set": "sum(label_replace(envoy_server_memory_allocated{kubernetes_pod_name=~\\".*\\"}, \\"replica_set\\", \\"$1\\", \\"kubernetes_pod_name\\", \\"(.*)-(.*)\\")) by (replica_set) / (1024*1024)",
                "envoy_cpu_usage_seconds_by_replica_set": "sum(rate(container_cpu_usage_seconds_total{container=\\"envoy\\"}[1m])) by (pod)"
              }
            }
            """;

    @TempDir
    Path dir;

    Suite read(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return SuiteReader.read(file);
    }

    List<String> errors(String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            SuiteReader.read(file);
        } catch (SuiteException e) {
            return e.errors().stream().map(error -> error.toString().replace(dir.toString(), "DIR")).toList();
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void theHarnessConfigReadsAsItIs() throws IOException {
        Suite suite = read("config.json", HARNESS_CONFIG);
        assertThat(suite.name()).isEqualTo("config");
        assertThat(suite.entries()).hasSize(2);
        FixedRateTest first = (FixedRateTest) suite.entries().get(0);
        assertThat(first.testName()).isEqualTo("experiment_qps_100");
        assertThat(first.url()).isEqualTo("http://service-0.tls-e2e.svc.cluster.local:9080/");
        assertThat(first.qps()).isEqualTo(100);
        assertThat(first.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first.connections()).isEqualTo(2);
        assertThat(first.repeats()).isEqualTo(1);
        assertThat(first.warmUp()).isZero();
        assertThat(first.coolDown()).isZero();
        assertThat(first.step()).isEqualTo(Duration.ofSeconds(10));
        assertThat(first.scenario().scenario().users()).hasSize(1);
        FixedRateTest second = (FixedRateTest) suite.entries().get(1);
        assertThat(second.qps()).isEqualTo(500);
        assertThat(second.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(second.connections()).isEqualTo(8);
        assertThat(suite.metrics()).containsOnlyKeys("envoy_memory_MB_by_replica_set", "envoy_cpu_usage_seconds_by_replica_set");
        assertThat(suite.metrics().get("envoy_cpu_usage_seconds_by_replica_set"))
                .isEqualTo("sum(rate(container_cpu_usage_seconds_total{container=\"envoy\"}[1m])) by (pod)");
        // "3" and "4" are only called: leaves, as the harness creates them.
        assertThat(suite.backendsMap().backends()).containsExactly(Map.entry("0", List.of("1", "2")), Map.entry("1", List.of("3")),
                Map.entry("2", List.of("4")), Map.entry("3", List.of()), Map.entry("4", List.of()));
        assertThat(suite.backendsMap().entryNode()).isEqualTo("0");
        assertThat(suite.runCount()).isEqualTo(2);
    }

    @Test
    void theEntryNodesUrlIsReplacedByTheDeployedOne() throws IOException {
        Suite suite = read("config.json", HARNESS_CONFIG).withEntry("0", java.net.URI.create("http://127.0.0.1:43210"));
        FixedRateTest first = (FixedRateTest) suite.entries().get(0);
        assertThat(first.url()).isEqualTo("http://127.0.0.1:43210/");
        assertThat(first.scenario().yaml()).contains("http://127.0.0.1:43210/");
    }

    @Test
    void theYamlFormHasDefaultsScenariosAndKnobs() throws IOException {
        Files.writeString(dir.resolve("crud.yaml"), """
                name: crud
                host: http://127.0.0.1:8080
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps: [{http: {path: /todo}}]
                """);
        Suite suite = read("mesh.yaml", """
                name: mesh-capacity
                defaults: {t: 1m30s, c: 4, warm_up: 5s, cool_down: 10s, repeats: 2, step: 5s}
                metrics:
                  rps: sum(rate(http_server_requests_seconds_count[10s]))
                load_tests:
                  - {test_name: low, url: "http://127.0.0.1:8080/todo", qps: 50}
                  - test_name: crud
                    scenario: crud.yaml
                    qps: "200.5"
                    t: 500ms
                    repeats: 3
                    cool_down: 0
                """);
        assertThat(suite.name()).isEqualTo("mesh-capacity");
        FixedRateTest low = (FixedRateTest) suite.entries().get(0);
        assertThat(low.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(low.connections()).isEqualTo(4);
        assertThat(low.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(low.coolDown()).isEqualTo(Duration.ofSeconds(10));
        assertThat(low.repeats()).isEqualTo(2);
        assertThat(low.step()).isEqualTo(Duration.ofSeconds(5));
        FixedRateTest crud = (FixedRateTest) suite.entries().get(1);
        assertThat(crud.url()).isNull();
        assertThat(crud.scenarioFile()).isEqualTo(dir.resolve("crud.yaml"));
        assertThat(crud.scenario().scenario().name()).isEqualTo("crud");
        assertThat(crud.qps()).isEqualTo(200.5);
        assertThat(crud.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(crud.repeats()).isEqualTo(3);
        assertThat(crud.coolDown()).isZero();
        assertThat(suite.runCount()).isEqualTo(5);
    }

    @Test
    void jsonErrorsNameFileLineColumnAndKey() {
        assertThat(errors("bad.json", """
                {
                  "load_tests": [
                    {"test_name": "a", "url": "ftp://x/", "qps": "lots", "t": "30 s", "c": 0},
                    {"test_name": "a", "url": "http://x/", "qps": 1, "t": "1s", "c": 1, "rate": 5},
                    {"url": "http://x/", "qps": 1, "t": "1s"}
                  ],
                  "metrics": {"mem": 42, "../up": "up"},
                  "backends_map": {"0": "1"},
                  "extra": true
                }
                """)).containsExactly(
                "DIR/bad.json:3:31: load_tests[0].url: 'ftp://x/' is not an http(s) URL (e.g. http://127.0.0.1:8080)",
                "DIR/bad.json:3:50: load_tests[0].qps: expected a number above 0 and at most 10000000 but got the string 'lots'",
                "DIR/bad.json:3:63: load_tests[0].t: expected a duration above 0 such as \"30s\", \"2m\", \"1m30s\", \"500ms\" or a number of seconds, but got the string '30 s'",
                "DIR/bad.json:3:76: load_tests[0].c: expected a whole number from 1 to 1000000 but got number 0",
                "DIR/bad.json:4:73: load_tests[1].rate: unknown key (allowed: test_name, url, scenario, qps, t, c, warm_up, repeats, cool_down, step, search)",
                "DIR/bad.json:5:5: load_tests[2].test_name: missing: the test's name (its results directory)",
                "DIR/bad.json:5:5: load_tests[2].c: missing: at most this many requests in flight (here or in defaults:)",
                "DIR/bad.json:7:22: metrics.mem: expected a non-empty string but got number 42",
                "DIR/bad.json:7:26: metrics.../up: the metric name " + SafeName.RULE,
                "DIR/bad.json:8:25: backends_map.0: expected a list of node names (empty for a leaf) but got the string '1'",
                "DIR/bad.json:9:3: extra: unknown key (allowed: " + String.join(", ", SuiteReader.KEYS) + ")");
    }

    @Test
    void jsonSyntaxErrorsHaveTheirPosition() {
        assertThat(errors("broken.json", "{\n  \"load_tests\": [\n    {\"test_name\": \"a\",}\n  ]\n}\n"))
                .singleElement().asString().startsWith("DIR/broken.json:3:23: suite: invalid JSON: ");
    }

    @Test
    void yamlErrorsNameFileLineColumnAndKey() {
        assertThat(errors("bad.yaml", """
                defaults: {t: forever, repeats: 0}
                load_tests:
                  - test_name: a
                    url: http://x/
                    scenario: s.yaml
                    qps: 10
                    c: 1
                  - test_name: a
                    url: http://x/
                    qps: 10
                    c: 2
                  - test_name: b
                    scenario: missing.yaml
                    qps: 10
                    t: 1s
                    c: 2
                backends_map: {"0": ["1"], "1": ["0"]}
                """)).containsExactly(
                "DIR/bad.yaml:1:15: defaults.t: expected a duration above 0 such as \"30s\", \"2m\", \"1m30s\", \"500ms\" or a number of seconds, but got the string 'forever'",
                "DIR/bad.yaml:1:33: defaults.repeats: expected a whole number from 1 to 1000 but got number 0",
                "DIR/bad.yaml:3:5: load_tests[0].t: missing: the run's duration, e.g. \"30s\" (here or in defaults:)",
                "DIR/bad.yaml:5:5: load_tests[0].scenario: give either url or scenario, not both",
                "DIR/bad.yaml:8:5: load_tests[1].t: missing: the run's duration, e.g. \"30s\" (here or in defaults:)",
                "DIR/bad.yaml:13:15: load_tests[2].scenario: cannot read DIR/missing.yaml: DIR/missing.yaml",
                "DIR/bad.yaml:17:15: backends_map: every node is called by another: no entry node");
    }

    @Test
    void aRepeatedTestNameIsAnError() {
        assertThat(errors("twice.yaml", """
                defaults: {qps: 1, t: 1s, c: 1}
                load_tests:
                  - {test_name: a, url: "http://x/"}
                  - {test_name: a, url: "http://y/"}
                """)).containsExactly(
                "DIR/twice.yaml:4:5: load_tests[1].test_name: 'a' is used twice (first at line 3): results of both would mix in one directory");
    }

    @Test
    void yamlSyntaxErrorsHaveTheirPosition() {
        assertThat(errors("broken.yaml", "load_tests:\n  - {test_name: a\n  - b\n"))
                .singleElement().asString().startsWith("DIR/broken.yaml:4:1: suite: invalid YAML: expected ',' or '}'");
    }

    @Test
    void fortioDurations() {
        assertThat(FortioDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FortioDuration.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(FortioDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(FortioDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(FortioDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> FortioDuration.parse("30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FortioDuration.parse("s")).isInstanceOf(IllegalArgumentException.class);
    }
}
