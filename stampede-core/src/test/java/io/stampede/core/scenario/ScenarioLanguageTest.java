package io.stampede.core.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per language feature: what the YAML becomes in the model. */
class ScenarioLanguageTest {

    private static Scenario parse(String yaml) {
        return ScenarioParser.parse(yaml, "t.yaml");
    }

    private static List<Step> steps(Scenario s) {
        return s.users().getFirst().tasks().getFirst().steps();
    }

    @Test
    void userClassesTasksWeightsAndWaits() {
        Scenario s = parse("""
                name: t
                users:
                  - name: a
                    weight: 3
                    sequential: true
                    wait: {constant: 500ms}
                    tasks:
                      - {name: one, weight: 2, steps: [{think: 1s}]}
                      - name: group
                        sequential: true
                        tasks:
                          - {name: inner1, steps: [{think: 1m30s}]}
                          - {name: inner2, steps: [{think: {between: [1s, 1.5s]}}]}
                  - name: b
                    wait: {pacing: 2s}
                    tasks: [{steps: [{think: 1h}]}]
                """);
        UserClass a = s.users().get(0);
        assertThat(a.weight()).isEqualTo(3);
        assertThat(a.sequential()).isTrue();
        assertThat(a.waitTime()).isEqualTo(new WaitTime.Constant(Duration.ofMillis(500)));
        assertThat(a.tasks().get(0).weight()).isEqualTo(2);
        Task group = a.tasks().get(1);
        assertThat(group.sequential()).isTrue();
        assertThat(group.steps()).isEmpty();
        assertThat(group.tasks()).extracting(Task::name).containsExactly("inner1", "inner2");
        assertThat(group.tasks().get(0).steps()).containsExactly(new ThinkStep(Duration.ofSeconds(90), Duration.ofSeconds(90)));
        assertThat(group.tasks().get(1).steps()).containsExactly(new ThinkStep(Duration.ofSeconds(1), Duration.ofMillis(1500)));
        assertThat(s.users().get(1).waitTime()).isEqualTo(new WaitTime.Pacing(Duration.ofSeconds(2)));
        assertThat(s.users().get(1).weight()).isEqualTo(1);
    }

    @Test
    void onStartExtractsAreSeenByTasksAndOnStop() {
        Scenario s = parse("""
                name: t
                users:
                  - name: u
                    on_start:
                      - http: {name: login, method: POST, path: /login, form: {user: "u${user.id}", password: secret},
                               extract: {token: {header: X-Token}}}
                    tasks:
                      - steps: [{http: {path: /me, headers: {Authorization: "Bearer ${token}"}}}]
                    on_stop:
                      - http: {method: POST, path: /logout, headers: {Authorization: "Bearer ${token}"}}
                """);
        UserClass u = s.users().getFirst();
        HttpStep login = (HttpStep) u.onStart().getFirst();
        assertThat(login.body()).isEqualTo(new HttpBody.Form(Map.of("user", "u${user.id}", "password", "secret")));
        assertThat(login.extract()).containsEntry("token", new Extractor.Header("X-Token"));
        assertThat(((HttpStep) u.onStop().getFirst()).headers()).containsEntry("Authorization", "Bearer ${token}");
    }

    @Test
    void httpStepInFull() {
        HttpStep h = (HttpStep) steps(parse("""
                name: t
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http:
                              name: search
                              method: POST
                              url: https://127.0.0.1:8443/search
                              query: {q: "${random.int(1,100)}", limit: 10}
                              headers: {X-Run: "${timestamp.iso}"}
                              body: "<q>${iteration}</q>"
                              content_type: application/xml
                              timeout: 1500ms
                              expect:
                                status: [200, "300-302", 4xx]
                                body_contains: "<ok/>"
                                jsonpath: {"$.items[0].name": x, "$.count": 3, "$.done": true, "$.error": null}
                              extract:
                                first: "$.items[0].id"
                                loc: {header: Location}
                                code: {regex: "code=(\\\\w+)"}
                                whole: {regex: "\\\\d+", group: 0}
                """)).getFirst();
        assertThat(h.url()).isEqualTo("https://127.0.0.1:8443/search");
        assertThat(h.query()).isEqualTo(Map.of("q", "${random.int(1,100)}", "limit", "10"));
        assertThat(h.body()).isEqualTo(new HttpBody.Raw("<q>${iteration}</q>", "application/xml"));
        assertThat(h.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(h.expect().status()).containsExactly(new Expect.StatusRange(200, 200),
                new Expect.StatusRange(300, 302), new Expect.StatusRange(400, 499));
        assertThat(h.expect().bodyContains()).isEqualTo("<ok/>");
        assertThat(h.expect().jsonPath()).containsEntry("$.items[0].name", "x").containsEntry("$.count", 3L)
                .containsEntry("$.done", true).containsEntry("$.error", Expect.NULL);
        assertThat(h.extract()).containsEntry("first", new Extractor.JsonPath("$.items[0].id"))
                .containsEntry("loc", new Extractor.Header("Location"))
                .containsEntry("code", new Extractor.Regex("code=(\\w+)", 1))
                .containsEntry("whole", new Extractor.Regex("\\d+", 0));
    }

    @Test
    void dnsStep() {
        List<Step> steps = steps(parse("""
                name: t
                users:
                  - name: u
                    tasks:
                      - steps:
                          - dns: {query: web.svc.test, type: SRV, server: "127.0.0.1:5353", timeout: 2s}
                          - dns: {name: v6, query: web.svc.test, type: AAAA, server: "[::1]"}
                """));
        assertThat(steps.get(0)).isEqualTo(new DnsStep("web.svc.test", "web.svc.test", DnsStep.RecordType.SRV,
                "127.0.0.1:5353", Duration.ofSeconds(2)));
        assertThat(steps.get(1)).isEqualTo(new DnsStep("v6", "web.svc.test", DnsStep.RecordType.AAAA, "[::1]", null));
    }

    @Test
    void k8sStepsTakeKindAndApiVersionFromTheManifest() {
        List<Step> steps = steps(parse("""
                name: t
                users:
                  - name: u
                    tasks:
                      - steps:
                          - k8s:
                              verb: create
                              namespace: load-${user.id}
                              create_namespace: true
                              manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: "cm-${iteration}"}, data: {a: "1"}}
                          - k8s:
                              verb: create
                              manifest: |
                                apiVersion: apps/v1
                                kind: Deployment
                                metadata: {name: web}
                          - k8s: {verb: list, kind: Pod, label_selector: app=web}
                          - k8s: {verb: wait, kind: Deployment, object: web, condition: Available, timeout: 1m}
                          - k8s: {verb: delete, api_version: example.com/v1, kind: Widget, object: w1}
                """));
        K8sStep create = (K8sStep) steps.get(0);
        assertThat(create.kind()).isEqualTo("ConfigMap");
        assertThat(create.apiVersion()).isEqualTo("v1");
        assertThat(create.name()).isEqualTo("ConfigMap");
        assertThat(create.createNamespace()).isTrue();
        assertThat(create.namespace()).isEqualTo("load-${user.id}");
        assertThat(create.manifest()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-${iteration}\"},\"data\":{\"a\":\"1\"}}");
        K8sStep yaml = (K8sStep) steps.get(1);
        assertThat(yaml.kind()).isEqualTo("Deployment");
        assertThat(yaml.apiVersion()).isEqualTo("apps/v1");
        assertThat(yaml.manifest()).startsWith("apiVersion: apps/v1\n");
        K8sStep list = (K8sStep) steps.get(2);
        assertThat(list.verb()).isEqualTo(K8sStep.Verb.LIST);
        assertThat(list.apiVersion()).isEqualTo("v1");
        assertThat(list.labelSelector()).isEqualTo("app=web");
        K8sStep wait = (K8sStep) steps.get(3);
        assertThat(wait.condition()).isEqualTo("Available");
        assertThat(wait.apiVersion()).isEqualTo("apps/v1");
        assertThat(wait.timeout()).isEqualTo(Duration.ofMinutes(1));
        K8sStep delete = (K8sStep) steps.get(4);
        assertThat(delete.apiVersion()).isEqualTo("example.com/v1");
        assertThat(delete.objectName()).isEqualTo("w1");
    }

    @Test
    void loopAndIf() {
        List<Step> steps = steps(parse("""
                name: t
                variables: {n: 3, mode: fast}
                users:
                  - name: u
                    tasks:
                      - steps:
                          - loop: {count: 5, steps: [{http: {path: /a}}]}
                          - loop: {count: "${n}", as: i, steps: [{http: {path: "/b/${i}"}}]}
                          - loop: {over: [red, green], steps: [{http: {path: "/c/${item}"}}]}
                          - if: {variable: mode, equals: fast, then: [{http: {path: /fast}}], else: [{think: 1s}]}
                          - if: {variable: token, exists: false, then: [{http: {path: /login, extract: {token: $.t}}}]}
                          - if: {variable: mode, matches: "^f.*", then: [{http: {path: "/t/${token}"}}]}
                """));
        assertThat(steps.get(0)).isEqualTo(new LoopStep("5", null, null, List.of(
                new HttpStep("/a", "GET", "/a", Map.of(), Map.of(), null, null, null, Map.of()))));
        assertThat(((LoopStep) steps.get(1)).count()).isEqualTo("${n}");
        assertThat(((LoopStep) steps.get(1)).variable()).isEqualTo("i");
        assertThat(((LoopStep) steps.get(2)).over()).containsExactly("red", "green");
        assertThat(((LoopStep) steps.get(2)).variable()).isEqualTo("item");
        IfStep eq = (IfStep) steps.get(3);
        assertThat(eq.operator()).isEqualTo(IfStep.Operator.EQUALS);
        assertThat(eq.value()).isEqualTo("fast");
        assertThat(eq.otherwise()).containsExactly(new ThinkStep(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThat(((IfStep) steps.get(4)).operator()).isEqualTo(IfStep.Operator.MISSING);
        assertThat(((IfStep) steps.get(5)).operator()).isEqualTo(IfStep.Operator.MATCHES);
    }

    @Test
    void setupVariablesAreSeenByUsersAndTeardown(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.csv"), "email,password\na@x,1\n");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                feeders:
                  - {name: accounts, file: users.csv, strategy: sequential, sharing: partitioned}
                setup:
                  - http: {name: make-list, method: POST, path: /lists, extract: {list: $.id}}
                teardown:
                  - http: {method: DELETE, path: "/lists/${list}"}
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http: {method: POST, path: "/lists/${list}/members", json: {email: "${accounts.email}"}}
                """);
        Scenario s = ScenarioParser.parse(file);
        assertThat(s.feeders()).containsEntry("accounts",
                new Feeder("accounts", "users.csv", Feeder.Strategy.SEQUENTIAL, Feeder.Sharing.PARTITIONED));
        assertThat(s.setup()).hasSize(1);
        assertThat(s.teardown()).hasSize(1);
        assertThat(ScenarioParser.attachments(file, s)).isEqualTo(Map.of("users.csv", "email,password\na@x,1\n"));
    }

    @Test
    void thresholds() {
        Scenario s = parse("""
                name: t
                users:
                  - name: u
                    tasks: [{steps: [{http: {name: create, method: POST, path: /todo}}]}]
                thresholds:
                  - {request: create, metric: p95, lt: 500ms}
                  - {metric: fail_ratio, lt: 0.01}
                  - {metric: fail_ratio, le: 1%}
                  - {metric: rps, ge: 100}
                  - {metric: avg, lt: 250}
                  - {metric: num_failures, le: 0}
                  - {request: create, metric: corrected_p99, lt: 2s}
                  - {metric: dropped_iterations, le: 0}
                  - {metric: achieved_rate, ge: 95}
                """);
        assertThat(s.thresholds()).containsExactly(
                new Threshold("create", Threshold.Metric.P95, Threshold.Operator.LT, 500, "create p95 lt 500ms"),
                new Threshold(null, Threshold.Metric.FAIL_RATIO, Threshold.Operator.LT, 0.01, "fail_ratio lt 0.01"),
                new Threshold(null, Threshold.Metric.FAIL_RATIO, Threshold.Operator.LE, 0.01, "fail_ratio le 1%"),
                new Threshold(null, Threshold.Metric.RPS, Threshold.Operator.GE, 100, "rps ge 100"),
                new Threshold(null, Threshold.Metric.AVG, Threshold.Operator.LT, 250, "avg lt 250"),
                new Threshold(null, Threshold.Metric.NUM_FAILURES, Threshold.Operator.LE, 0, "num_failures le 0"),
                new Threshold("create", Threshold.Metric.CORRECTED_P99, Threshold.Operator.LT, 2000,
                        "create corrected_p99 lt 2s"),
                new Threshold(null, Threshold.Metric.DROPPED_ITERATIONS, Threshold.Operator.LE, 0, "dropped_iterations le 0"),
                new Threshold(null, Threshold.Metric.ACHIEVED_RATE, Threshold.Operator.GE, 95, "achieved_rate ge 95"));
    }

    @Test
    void templateReferences() {
        assertThat(TemplateSyntax.references("/u/${user.id}/${ id }/${random.int(1,5)}"))
                .containsExactly(new TemplateSyntax.Reference("user.id", 3), new TemplateSyntax.Reference("id", 14),
                        new TemplateSyntax.Reference("random.int(1,5)", 22));
        assertThat(TemplateSyntax.references("/u/${user.id}").getFirst().builtIn()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemplateSyntax.references("${random.float}"))
                .hasMessage("unknown built-in '${random.float}'");
    }

    @Test
    void environmentVariablesAreBuiltInsButNotStampedesOwn() {
        assertThat(TemplateSyntax.references("Bearer ${env.API_TOKEN}").getFirst().builtIn()).isTrue();
        Scenario scenario = ScenarioParser.parse("""
                name: t
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http: {path: /, headers: {Authorization: "Bearer ${env.API_TOKEN}"}}
                """, "s.yaml");
        assertThat(scenario.users()).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemplateSyntax.references("${env.STAMPEDE_LINK_TOKEN}"))
                .hasMessageContaining("STAMPEDE_* variables are Stampede's own settings");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemplateSyntax.references("${env.API-TOKEN}"))
                .hasMessageContaining("not an environment variable name");
    }

    @Test
    void durations() {
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("5"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("1s2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
