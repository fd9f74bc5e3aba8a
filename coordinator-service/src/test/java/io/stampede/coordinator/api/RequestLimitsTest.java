package io.stampede.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What one request may ask for, on a real coordinator: values over a limit get a 400 naming
 * the property, bodies over the size limit a 413, nothing a client sends gets a 500. One limit
 * is lowered here (max-users) to show the properties are read; the rest are the defaults.
 */
class RequestLimitsTest {

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;
    static String base;

    @BeforeAll
    static void start() {
        context = TestApps.start(TestApps.options(0, "http://127.0.0.1:9"),
                "--stampede.coordinator.limits.max-users=500",
                "--stampede.coordinator.history-dir=" + dir.resolve("history"));
        base = "http://127.0.0.1:" + TestApps.webPort(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void valuesOverALimitAreRefusedNamingTheLimit() throws Exception {
        assertRefused(swarm("user_count=2147483647&spawn_rate=1"), 400,
                "user_count: at most 500 (stampede.coordinator.limits.max-users)");
        assertRefused(swarm("user_count=501&spawn_rate=1"), 400, "user_count: at most 500");
        assertRefused(swarm("locust_count=99999999999&spawn_rate=1"), 400, "locust_count: not an integer");
        assertRefused(swarm("user_count=10&spawn_rate=1e308"), 400,
                "spawn_rate: at most 10000 (stampede.coordinator.limits.max-spawn-rate)");
        assertRefused(swarm("user_count=10&spawn_rate=NaN"), 400, "spawn_rate: must be a number > 0");
        assertRefused(swarm("user_count=10&spawn_rate=Infinity"), 400, "spawn_rate: must be a number > 0");
        assertRefused(swarm("user_count=10&spawn_rate=-Infinity"), 400, "spawn_rate: must be a number > 0");
        assertRefused(swarm("user_count=10&spawn_rate=1&run_time=9999999999999999h"), 400, "run_time: invalid duration");
        assertRefused(swarm("user_count=10&spawn_rate=1&run_time=99999999999999999999999"), 400, "run_time: invalid duration");
        assertRefused(swarm("user_count=10&spawn_rate=1&run_time=169h"), 400,
                "run_time: at most 604800s (stampede.coordinator.limits.max-run-time)");
        // The same limits hold for the UI's start form.
        String scenario = "name: t\\nusers:\\n  - name: u\\n    tasks:\\n      - name: t\\n        steps:\\n"
                + "          - http: {method: GET, path: /}\\n";
        assertRefused(Http.postJson(base + "/api/runs", "{\"scenario_yaml\": \"" + scenario + "\", \"user_count\": 100000,"
                + " \"spawn_rate\": 1}"), 400, "user_count: at most 500 (stampede.coordinator.limits.max-users)");
        assertThat(swarm("user_count=500&spawn_rate=10000&run_time=168h").statusCode()).isEqualTo(200);
        assertThat(Http.curl(base + "/stop").status()).isEqualTo(200);
    }

    @Test
    void fieldsAndBodiesAreBounded() throws Exception {
        String longHost = "http://127.0.0.1:9/" + "a".repeat(3000);
        assertRefused(swarm("user_count=1&spawn_rate=1&host=" + longHost), 400,
                "host: at most 2048 characters (stampede.coordinator.limits.max-field-length)");
        assertRefused(Http.postJson(base + "/swarm", "{\"user_count\": 1, \"spawn_rate\": 1, \"host\": \"" + longHost + "\"}"),
                400, "host: at most 2048 characters");
        assertRefused(Http.postJson(base + "/api/runs", "{\"scenario_id\": \"" + "x".repeat(3000) + "\", \"user_count\": 1, "
                + "\"spawn_rate\": 1}"), 400, "scenario_id: at most 2048 characters");

        String big = "a".repeat(300 * 1024);
        String limit = "body: at most 65536 bytes (stampede.coordinator.limits.max-body-size)";
        // JSON, urlencoded form and multipart, each with and without a declared length.
        assertRefused(Http.postJson(base + "/swarm", "{\"user_count\": 1, \"spawn_rate\": 1, \"x\": \"" + big + "\"}"), 413, limit);
        assertRefused(Http.postForm(base + "/swarm", "user_count=1&spawn_rate=1&x=" + big), 413, limit);
        assertRefused(chunked("/swarm", "application/json", "{\"user_count\": 1, \"x\": \"" + big + "\"}"), 413, limit);
        assertRefused(chunked("/swarm", "application/x-www-form-urlencoded", "user_count=1&x=" + big), 413, limit);
        Path file = Files.writeString(dir.resolve("big.txt"), big);
        Http.CurlResult multipart = Http.curl("-X", "POST", "-F", "user_count=1", "-F", "spawn_rate=1",
                "-F", "x=@" + file, base + "/swarm");
        assertThat(multipart.status()).isEqualTo(413);
        assertThat(multipart.json().get("message").asString()).isEqualTo(limit);
        Http.CurlResult chunkedMultipart = Http.curl("-X", "POST", "-H", "Transfer-Encoding: chunked",
                "-F", "user_count=1", "-F", "spawn_rate=1", "-F", "x=@" + file, base + "/swarm");
        assertThat(chunkedMultipart.status()).isEqualTo(413);
        // The requests that carry a scenario may be larger, up to their own limit.
        String scenarioLimit = "body: at most 1048576 bytes (stampede.coordinator.limits.max-scenario-body-size)";
        assertRefused(Http.postJson(base + "/api/runs", "{\"scenario_yaml\": \"" + "a".repeat(1100 * 1024) + "\"}"),
                413, scenarioLimit);
        HttpResponse<String> scenarioSized = Http.postJson(base + "/api/runs",
                "{\"scenario_yaml\": \"" + "#".repeat(300 * 1024) + "\\nname: x\", \"user_count\": 1, \"spawn_rate\": 1}");
        assertThat(scenarioSized.statusCode()).isEqualTo(400); // read and parsed: an invalid scenario, not a 413
    }

    @Test
    void clientMistakesAreNeverA500() throws Exception {
        assertThat(Http.postJson(base + "/api/runs", "{not json").statusCode()).isEqualTo(400);
        assertThat(Http.postJson(base + "/api/runs", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(Http.postJson(base + "/swarm", "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(Http.postJson(base + "/swarm", "{\"user_count\": {\"a\": 1}, \"spawn_rate\": 1}").statusCode()).isEqualTo(400);
        assertThat(Http.curl("-X", "POST", "-H", "Content-Type: multipart/form-data; boundary=x", "--data-binary", "garbage",
                base + "/swarm").status()).isBetween(400, 499);
        assertThat(Http.curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "{\"user_count\": 1e999}",
                base + "/swarm").status()).isEqualTo(400);
        assertThat(Http.get(base + "/api/runs/..%2F..%2Fetc").statusCode()).isBetween(400, 404);
        assertThat(Http.get(base + "/api/compare?ids=" + "a,".repeat(500)).statusCode()).isEqualTo(400);
    }

    @Test
    void hostCredentialsAreRefusedAndNeverEchoed() throws Exception {
        HttpResponse<String> response = swarm("user_count=1&spawn_rate=1&host=http://admin:hunter2@127.0.0.1:9");
        assertRefused(response, 400, "host: must not contain credentials (user:password@)");
        assertThat(response.body()).doesNotContain("hunter2");
        assertThat(Http.get(base + "/api/runs/current").body()).doesNotContain("hunter2");
    }

    private HttpResponse<String> swarm(String form) throws Exception {
        return Http.postForm(base + "/swarm", form);
    }

    /** A body without Content-Length (the JDK client streams a publisher of unknown length in chunks). */
    private static HttpResponse<String> chunked(String path, String type, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(bytes)))).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Http.json(response);
        assertThat(body.get("success")).as(response.body()).isNotNull();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asString()).startsWith(message);
    }
}
