package io.stampede.core.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioParserTest {

    /** The contract's minimal shape, verbatim. */
    static final String CONTRACT = """
            name: todo-crud
            host: http://127.0.0.1:8080          # --host overrides
            users:                                 # user classes, picked by weight
              - name: todo-user
                weight: 1
                wait: {between: [1s, 2s]}          # or {constant: 1s} or {pacing: 1s}
                tasks:                             # picked at random by weight, unless sequential
                  - name: crud
                    weight: 1
                    steps:
                      - http: {name: create, method: POST, path: /todo,
                               json: {Description: "item ${random.uuid}", Completed: false},
                               expect: {status: 201}, extract: {id: "$.Id"}}
                      - http: {name: read,   method: GET, path: "/todo/${id}"}
                      - http: {name: update, method: PUT, path: "/todo/${id}",
                               json: {Description: "done", Completed: true}}
                      - http: {name: delete, method: DELETE, path: "/todo/${id}"}
            """;

    @Test
    void parsesTheContractShape() {
        Scenario s = ScenarioParser.parse(CONTRACT, "todo-crud.yaml");
        assertThat(s.name()).isEqualTo("todo-crud");
        assertThat(s.host()).isEqualTo("http://127.0.0.1:8080");
        UserClass user = s.users().getFirst();
        assertThat(user.waitTime()).isEqualTo(new WaitTime.Between(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        Task crud = user.tasks().getFirst();
        assertThat(crud.steps()).hasSize(4);
        HttpStep create = (HttpStep) crud.steps().get(0);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.url()).isEqualTo("/todo");
        assertThat(create.body()).isEqualTo(new HttpBody.Json(Map.of("Description", "item ${random.uuid}", "Completed", false)));
        assertThat(create.expect().status()).containsExactly(new Expect.StatusRange(201, 201));
        assertThat(create.extract()).isEqualTo(Map.of("id", new Extractor.JsonPath("$.Id")));
        HttpStep read = (HttpStep) crud.steps().get(1);
        assertThat(read.name()).isEqualTo("read");
        assertThat(read.url()).isEqualTo("/todo/${id}");
        assertThat(read.body()).isNull();
        assertThat(read.expect()).isNull();
    }

    @Test
    void defaultsNameToThePathTemplateSoEachIdIsNotItsOwnRow() {
        Scenario s = ScenarioParser.parse("""
                name: t
                variables: {id: "1"}
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http: {path: "/todo/${id}"}
                """, "t.yaml");
        HttpStep get = (HttpStep) s.users().getFirst().tasks().getFirst().steps().getFirst();
        assertThat(get.name()).isEqualTo("/todo/${id}");
        assertThat(get.method()).isEqualTo("GET");
        assertThat(s.users().getFirst().tasks().getFirst().name()).isEqualTo("task-1");
        assertThat(s.users().getFirst().waitTime()).isEqualTo(new WaitTime.None());
    }

    @Test
    void reportsEveryErrorWithLineColumnAndHint() {
        String yaml = """
                name: bad
                users:
                  - name: u
                    wait: {between: [2s, 1s]}
                    tasks:
                      - steps:
                          - http: {metod: GET, path: /}
                          - http: {path: "/todo/${idd}", timeout: 5}
                          - htp: {path: /}
                """;
        assertThatThrownBy(() -> ScenarioParser.parse(yaml, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("""
                        bad.yaml:4:21: min 2s is greater than max 1s (hint: swap them)
                        bad.yaml:7:20: unknown key 'metod' in http (hint: did you mean 'method'? allowed keys: name, method, path, url, headers, query, json, form, body, content_type, timeout, expect, extract)
                        bad.yaml:8:33: undefined variable '${idd}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                        bad.yaml:8:51: '5' is not a duration (hint: add a unit: 5s or 5ms)
                        bad.yaml:9:13: unknown key 'htp' in step (hint: did you mean 'http'? allowed keys: http, dns, k8s, think, loop, if)""");
    }

    @Test
    void parsesEveryShippedScenario() throws Exception {
        try (var files = java.nio.file.Files.list(ShippedScenarios.FOLDER)) {
            List<java.nio.file.Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (var p : yamls) {
                assertThat(ScenarioParser.parse(p).users()).as(p.toString()).isNotEmpty();
            }
        }
    }
}
