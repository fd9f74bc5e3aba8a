package io.stampede.core.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.testing.ScenarioBombs;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Golden error messages: what a user sees for each kind of mistake. */
class ScenarioErrorsTest {

    private static String errors(String yaml) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioParser.parse(yaml, "s.yaml"));
        assertThat(e).as("expected the scenario to be rejected").isNotNull();
        assertThat(e.errors()).isNotEmpty();
        return e.getMessage();
    }

    private static String users(String steps) {
        return "name: t\nusers:\n  - name: u\n    tasks:\n      - steps:\n" + steps.indent(10);
    }

    @Test
    void yamlSyntax() {
        assertThat(errors("name: t\nusers: [\n")).isEqualTo("s.yaml:3:1: invalid YAML: expected the node content, but found '<stream end>' (hint: while parsing a flow node)");
    }

    @Test
    void aliasesThatExpandBeyondTheBudgetAreRefusedAtTheListWhereTheyBlowUp() {
        assertThat(ScenarioBombs.ALIASES_IN_JSON_BODY.length()).isLessThan(1024);
        assertThat(ScenarioBombs.ALIASES_IN_JSON_BODY.split("\\*", -1).length - 1).isEqualTo(48);
        assertThat(errors(ScenarioBombs.ALIASES_IN_JSON_BODY)).startsWith("s.yaml:17:20: the scenario expands to more than 200000 nodes or"
                + " 8388608 characters (14511912 nodes): aliases (*name) repeat their anchor's content,"
                + " here within this list (hint: use fewer or smaller aliases; each one is a full copy of its anchor)");
    }

    @Test
    void aliasesWithinTheBudgetStillWork() {
        Scenario scenario = ScenarioParser.parse(users("""
                - http:
                    name: post
                    method: POST
                    path: /
                    json:
                      a: &a [x, y]
                      b: [*a, *a]
                """), "s.yaml");
        assertThat(scenario.name()).isEqualTo("t");
    }

    @Test
    void emptyFile() {
        assertThat(errors("")).isEqualTo("s.yaml:1:1: the scenario is empty (hint: start with 'name:' and 'users:')");
    }

    @Test
    void missingKeysAndWrongTypes() {
        assertThat(errors("""
                name: [a]
                users:
                  - name: u
                    weight: many
                    sequential: maybe
                    tasks: {steps: []}
                  - weight: 0
                    tasks: []
                """)).isEqualTo("""
                s.yaml:1:7: expected text but got a list
                s.yaml:4:13: expected a whole number but got 'many'
                s.yaml:5:17: expected true or false but got 'maybe'
                s.yaml:6:12: expected a list of tasks but got a mapping (hint: write each item on its own line starting with '- ')
                s.yaml:7:5: missing key 'name' in user (hint: add name: Shown in stats and the UI.)
                s.yaml:7:13: weight must be at least 1, got 0 (hint: leave it out for 1)
                s.yaml:8:12: tasks needs at least 1 item""");
    }

    @Test
    void duplicateKeys() {
        assertThat(errors("name: a\nname: b\nusers: []\n")).isEqualTo("""
                s.yaml:2:1: duplicate key 'name' (first at line 1) (hint: remove one of them)
                s.yaml:3:8: users needs at least 1 item""");
    }

    @Test
    void choices() {
        assertThat(errors(users("""
                - http: {path: /a, url: http://127.0.0.1/, json: {}, body: x}
                - http: {method: GET}
                - {http: {path: /}, think: 1s}
                - {}
                """))).isEqualTo("""
                s.yaml:6:19: http needs exactly one of path, url, not several
                s.yaml:6:19: http needs at most one of json, form, body, not several
                s.yaml:7:19: http needs exactly one of path, url
                s.yaml:8:13: step needs exactly one of http, dns, k8s, think, loop, if, not several
                s.yaml:9:13: step needs exactly one of http, dns, k8s, think, loop, if""");
    }

    @Test
    void variablesAreDefinedInDocumentOrder() {
        assertThat(errors("""
                name: t
                variables: {base: /api, bad name: x}
                setup:
                  - http: {path: "${base}/setup", extract: {shared: $.id}}
                  - http: {path: "/${todo_id}"}
                teardown:
                  - http: {path: "/${shared}/${todo_id}"}
                users:
                  - name: u
                    tasks:
                      - steps:
                          - http: {path: "/${todo_id}"}
                          - http: {path: "/todo", extract: {todo_id: $.Id}}
                          - http: {path: "/${todo_id}/${shared}/${i}"}
                          - loop: {count: 2, as: i, steps: [{http: {path: "/${i}"}}]}
                          - http: {path: "/${i}", headers: {X: "${user.idd}"}}
                          - http: {path: "/${users.email}"}
                          - http: {path: "/${unclosed"}
                          - http: {path: "/${bad name}"}
                          - if: {variable: nope, equals: x, then: []}
                """)).isEqualTo("""
                s.yaml:2:25: 'bad name' is not a valid name (hint: letters, digits and _, not starting with a digit)
                s.yaml:5:20: undefined variable '${todo_id}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:7:30: undefined variable '${todo_id}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:12:28: undefined variable '${todo_id}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:14:49: undefined variable '${i}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:16:28: undefined variable '${i}' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:16:49: undefined variable '${user.idd}' (hint: did you mean 'user.id'? define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})
                s.yaml:17:28: undefined variable '${users.email}' (hint: no feeder is named 'users')
                s.yaml:18:28: unclosed '${' (no matching '}') (hint: write ${name}, ${feeder.column} or a built-in such as ${random.uuid})
                s.yaml:19:28: '${bad name}' is not a variable name or a built-in (hint: write ${name}, ${feeder.column} or a built-in such as ${random.uuid})
                s.yaml:20:28: undefined variable 'nope' (hint: define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column})""");
    }

    @Test
    void badJsonPathRegexAndStatus() {
        assertThat(errors(users("""
                - http:
                    path: /
                    expect: {status: [200, 99, "abc", "5xx"], jsonpath: {"$.[bad": 1, "Id": 2}}
                    extract: {a: "$..[", b: "Id", c: {regex: "(unclosed"}, d: {regex: "x", group: 2}, e: {header: X, group: 1}}
                """))).isEqualTo("""
                s.yaml:8:38: '99' is not a status code (hint: 201, [200, 201], "200-299" or "2xx")
                s.yaml:8:42: 'abc' is not a status code (hint: 201, [200, 201], "200-299" or "2xx")
                s.yaml:8:68: invalid JSONPath '$.[bad': Could not parse token starting at position 2. Expected ?, ', 0-9, * (hint: e.g. $.Id, $.items[0].name, $..id)
                s.yaml:8:81: a JSONPath starts with $, got 'Id' (hint: $.Id)
                s.yaml:9:28: invalid JSONPath '$..[': java.lang.StringIndexOutOfBoundsException: Index 4 out of bounds for length 4 (hint: e.g. $.Id, $.items[0].name, $..id)
                s.yaml:9:39: a JSONPath starts with $, got 'Id' (hint: $.Id)
                s.yaml:9:56: invalid regular expression: Unclosed group (hint: near index 9 of '(unclosed')
                s.yaml:9:93: the pattern has 0 group(s), so group 2 does not exist (hint: 0 is the whole match)
                s.yaml:9:112: group applies to regex only""");
    }

    @Test
    void badValues() {
        assertThat(errors(users("""
                - http: {method: get, path: todo, timeout: 1 s}
                - dns: {query: x, type: MX, server: "host:99999"}
                - k8s: {verb: patch}
                - k8s: {verb: create, kind: Widget}
                - k8s: {verb: get, kind: Service}
                - k8s: {verb: list, manifest: "kind: [oops"}
                - loop: {count: many, steps: []}
                - think: {between: [2s]}
                """))).isEqualTo("""
                s.yaml:6:28: 'get' is not a valid method (hint: did you mean 'GET'? allowed: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)
                s.yaml:6:39: path must start with / or be an absolute http(s) URL, got 'todo' (hint: /todo)
                s.yaml:6:54: '1 s' is not a duration (hint: e.g. 500ms, 1s, 1m30s, 1h)
                s.yaml:7:35: 'MX' is not a valid type (hint: allowed: A, AAAA, SRV)
                s.yaml:7:47: server must be host or host:port, got 'host:99999' (hint: 10.96.0.10 or 127.0.0.1:5353)
                s.yaml:8:25: 'patch' is not a valid verb (hint: allowed: create, get, list, delete, wait)
                s.yaml:9:18: k8s create needs a manifest (hint: manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}})
                s.yaml:9:18: api_version is needed for kind 'Widget' (hint: e.g. api_version: apps/v1)
                s.yaml:10:18: k8s get needs object (the object's name) or a manifest
                s.yaml:11:41: manifest is not valid YAML: expected ',' or ']', but got <stream end> (line 1 of the manifest)
                s.yaml:12:27: count must be a whole number or a template giving one, got 'many' (hint: count: 10)
                s.yaml:13:30: expected two durations [min, max] but got 1 (hint: [1s, 2s])""");
    }

    @Test
    void thresholdsAndHost() {
        assertThat(errors("""
                name: t
                host: 127.0.0.1:8080
                users:
                  - name: u
                    tasks: [{steps: [{http: {name: create, path: /todo}}]}]
                thresholds:
                  - {request: creat, metric: p95, lt: 500ms}
                  - {metric: p99, lt: fast}
                  - {metric: fail_ratio, lt: 2}
                  - {metric: p100, lt: 1s}
                  - {metric: rps, lt: 1, gt: 2}
                  - {request: create, metric: dropped_iterations, le: 0}
                  - {metric: corrected_p99, lt: soon}
                """)).isEqualTo("""
                s.yaml:2:7: host must be an absolute http(s) URL, got '127.0.0.1:8080' (hint: e.g. http://127.0.0.1:8080)
                s.yaml:7:15: no step is named 'creat' (hint: did you mean 'create'? step names: create)
                s.yaml:8:23: 'fast' is not a valid limit for p99 (hint: a duration like 500ms (or a number of milliseconds))
                s.yaml:9:30: fail_ratio is between 0 and 1, got 2 (hint: 0.01 or 1%)
                s.yaml:10:14: 'p100' is not a valid metric (hint: allowed: avg, min, max, p50, p90, p95, p99, p999, fail_ratio, rps, num_failures, corrected_p50, corrected_p90, corrected_p95, corrected_p99, corrected_p999, dropped_iterations, achieved_rate)
                s.yaml:11:5: threshold needs exactly one of lt, le, gt, ge, not several
                s.yaml:12:15: dropped_iterations describes the whole run, not a request (hint: remove request:)
                s.yaml:13:33: 'soon' is not a valid limit for corrected_p99 (hint: a duration like 500ms (or a number of milliseconds))""");
    }

    @Test
    void feederColumnsAreCheckedWhenTheFileIsThere(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("accounts.csv"), "email,password\na@x,1\n");
        Files.writeString(dir.resolve("items.json"), "[{\"sku\": \"A-1\", \"qty\": 2}]");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                feeders:
                  - {name: accounts, file: accounts.csv}
                  - {name: items, file: items.json}
                users:
                  - name: u
                    tasks: [{steps: [{http: {path: "/${accounts.email}/${items.sku}/${accounts.mail}/${items.price}"}}]}]
                """);
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertThat(e.getMessage()).isEqualTo("""
                s.yaml:7:69: undefined variable '${accounts.mail}' (hint: feeder 'accounts' has the columns email, password)
                s.yaml:7:86: undefined variable '${items.price}' (hint: feeder 'items' has the columns sku, qty)""");
    }

    @Test
    void feeders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: t
                feeders:
                  - {name: a, file: missing.csv}
                  - {name: b, file: ../etc/passwd.csv}
                  - {name: c, file: data.txt}
                  - {name: a, file: missing.csv, strategy: shuffled}
                users:
                  - name: u
                    tasks: [{steps: [{http: {path: "/${a.x}/${z.y}"}}]}]
                """);
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertThat(e.getMessage().replace(dir.toString(), "DIR")).isEqualTo("""
                s.yaml:3:21: feeder file not found: DIR/missing.csv (hint: feeder files are read relative to the scenario file)
                s.yaml:4:21: feeder file must be a relative path inside the scenario's folder, got '../etc/passwd.csv' (hint: put the file beside the scenario; it is sent to workers with it)
                s.yaml:5:21: feeder file must be .csv or .json, got 'data.txt' (hint: CSV with a header line, or a JSON array of objects)
                s.yaml:6:12: duplicate feeder name 'a' (hint: give each feeder its own name)
                s.yaml:6:21: feeder file not found: DIR/missing.csv (hint: feeder files are read relative to the scenario file)
                s.yaml:6:44: 'shuffled' is not a valid strategy (hint: allowed: sequential, random, circular)
                s.yaml:9:45: undefined variable '${z.y}' (hint: no feeder is named 'z'; feeders: a, b, c)""");
    }
}
