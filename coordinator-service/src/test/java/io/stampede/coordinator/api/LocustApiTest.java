package io.stampede.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.stampede.coordinator.link.LinkServer;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunState;
import io.stampede.coordinator.support.Deltas;
import io.stampede.coordinator.support.Http;
import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.StartLoad;
import io.stampede.core.link.StopLoad;
import org.junit.jupiter.api.Test;
import io.stampede.coordinator.support.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import io.stampede.testing.Await;

/** Locust's API over a real port, driven the way Locust users drive it (curl with multipart forms). */
class LocustApiTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    static ConfigurableApplicationContext context;
    static int port;
    static LinkServer link;
    static RunCoordinator run;

    @BeforeAll
    static void start() {
        context = TestApps.start(TestApps.options(0, null));
        port = TestApps.webPort(context);
        link = context.getBean(LinkServer.class);
        run = context.getBean(RunCoordinator.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void locustScriptsWorkUnchanged() throws Exception {
        try (LinkTestWorker a = LinkTestWorker.connect("a", link.port(), TestCoordinator.TOKEN);
             LinkTestWorker b = LinkTestWorker.connect("b", link.port(), TestCoordinator.TOKEN)) {
            Await.until("2 workers", WAIT, () -> run.registry().size() == 2);

            // No host anywhere: refused with the field named.
            Http.CurlResult noHost = Http.curl("-X", "POST", "-F", "locust_count=4", "-F", "hatch_rate=4", url("/swarm"));
            assertThat(noHost.status()).isEqualTo(400);
            assertThat(noHost.json().get("success").asBoolean()).isFalse();
            assertThat(noHost.json().get("message").asString()).startsWith("host: ");

            // Legacy field names in a multipart form, as old Locust scripts send them.
            Http.CurlResult swarm = Http.curl("-X", "POST", "-F", "locust_count=4", "-F", "hatch_rate=4",
                    "-F", "host=http://127.0.0.1:9", url("/swarm"));
            assertThat(swarm.status()).isEqualTo(200);
            JsonNode body = swarm.json();
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("message").asString()).isEqualTo("Swarming started");
            assertThat(body.get("host").asString()).isEqualTo("http://127.0.0.1:9");
            StartLoad sa = a.await(StartLoad.class, WAIT);
            StartLoad sb = b.await(StartLoad.class, WAIT);
            assertThat(sa.users() + sb.users()).isEqualTo(4);
            assertThat(sa.spawnRate() + sb.spawnRate()).isEqualTo(4.0);

            a.setUserCount(2);
            b.setUserCount(2);
            a.report(sa.runId(), Deltas.get(30, 0, 3000), false);
            b.report(sb.runId(), Deltas.get(20, 5, 5000), false);
            Await.until("stats merged", WAIT, () -> run.snapshot().numRequests() == 50);
            Await.until("users reported", WAIT, () -> run.userCount() == 4);

            JsonNode stats = Http.json(Http.get(url("/stats/requests")));
            JsonNode rows = stats.get("stats");
            JsonNode aggregated = rows.get(rows.size() - 1);
            assertThat(aggregated.get("name").asString()).isEqualTo("Aggregated");
            assertThat(aggregated.get("num_requests").asLong()).isEqualTo(50);
            assertThat(aggregated.get("num_failures").asLong()).isEqualTo(5);
            assertThat(rows.get(0).get("method").asString()).isEqualTo("GET");
            assertThat(rows.get(0).has("response_time_percentile_0.999")).isTrue();
            assertThat(stats.get("errors").get(0).get("occurrences").asLong()).isEqualTo(5);
            assertThat(stats.get("state").asString()).isIn("spawning", "running");
            assertThat(stats.get("user_count").asInt()).isEqualTo(4);
            assertThat(stats.get("worker_count").asInt()).isEqualTo(2);
            assertThat(stats.get("workers").get(0).get("user_count").asInt()).isEqualTo(2);
            assertThat(stats.get("fail_ratio").asDouble()).isEqualTo(0.1);

            JsonNode current = Http.json(Http.get(url("/api/runs/current")));
            assertThat(current.get("run").get("id").asString()).isEqualTo(sa.runId());
            assertThat(current.get("run").get("user_count").asInt()).isEqualTo(4);

            // A /swarm during the run changes the user count (JSON body this time, current names).
            HttpResponse<String> more = Http.postJson(url("/swarm"), "{\"user_count\": 6, \"spawn_rate\": 2}");
            assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
            assertThat(a.await(StartLoad.class, WAIT).users() + b.await(StartLoad.class, WAIT).users()).isEqualTo(6);

            Http.CurlResult stop = Http.curl(url("/stop"));
            assertThat(stop.status()).isEqualTo(200);
            assertThat(stop.json().get("success").asBoolean()).isTrue();
            assertThat(stop.json().get("message").asString()).isEqualTo("Test stopped");
            assertThat(a.await(StopLoad.class, WAIT)).isNotNull();
            a.report(sa.runId(), Deltas.get(1, 0, 3000), true);
            b.report(sb.runId(), Deltas.get(1, 0, 3000), true);
            Await.until("stopped", WAIT, () -> run.state() == RunState.STOPPED);
            assertThat(Http.json(Http.get(url("/stats/requests"))).get("state").asString()).isEqualTo("stopped");

            HttpResponse<String> csv = Http.get(url("/stats/requests/csv"));
            assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;filename=requests_");
            assertThat(csv.body()).startsWith("Type,Name,Request Count,Failure Count");
            assertThat(csv.body()).contains(",Aggregated,52,5,");
            assertThat(Http.get(url("/stats/failures/csv")).body()).contains("HTTP 500");
            assertThat(Http.get(url("/stats/requests_full_history/csv")).body()).startsWith("Timestamp,User Count");
            HttpResponse<String> report = Http.get(url("/stats/report?download=1"));
            assertThat(report.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
            assertThat(report.body()).contains("<html");
            assertThat(Http.json(Http.get(url("/exceptions"))).get("exceptions").isArray()).isTrue();

            // The run metrics equal the merged stats, labelled with the run; a reset removes the rows and their series
            // (the next request starts them again from zero: a counter reset to Prometheus).
            String runLabels = "method=\"GET\",name=\"/\",run_id=\"" + run.currentRun().id() + "\",scenario=\""
                    + run.currentRun().scenario().name() + "\"";
            assertThat(Http.get(url("/actuator/prometheus")).body())
                    .contains("stampede_requests_total{" + runLabels + "} 52.0")
                    .contains("stampede_failures_total{" + runLabels + "} 5.0")
                    .contains("stampede_response_time_seconds_count{" + runLabels + "} 52");

            HttpResponse<String> reset = Http.get(url("/stats/reset"));
            assertThat(reset.body()).isEqualTo("ok");
            assertThat(run.snapshot().numRequests()).isZero();

            String prometheus = Http.get(url("/actuator/prometheus")).body();
            assertThat(prometheus).contains("stampede_workers 2.0").contains("stampede_run_state{state=\"stopped\"} 1.0")
                    .doesNotContain("stampede_requests_total{" + runLabels);
        }
    }

    @Test
    void departedWorkersAreListedMissingAsLocustDoes() throws Exception {
        try (LinkTestWorker crashed = LinkTestWorker.connect("departs-crash", link.port(), TestCoordinator.TOKEN);
             LinkTestWorker leaving = LinkTestWorker.connect("departs-bye", link.port(), TestCoordinator.TOKEN)) {
            Await.until("both registered", WAIT,
                    () -> run.registry().get("departs-crash") != null && run.registry().get("departs-bye") != null);
            crashed.kill();
            leaving.bye();
            Await.until("crashed listed missing", WAIT,
                    () -> "missing".equals(workerState(stats(), "departs-crash")));
            Await.until("bye gone", WAIT, () -> run.registry().get("departs-bye") == null);
            JsonNode stats = stats();
            assertThat(workerState(stats, "departs-bye")).isNull();
            assertThat(stats.get("worker_count").asInt()).isEqualTo(run.registry().size());
            long listed = 0;
            for (JsonNode w : stats.get("workers")) {
                listed += w.get("state").asString().equals("missing") ? 0 : 1;
            }
            assertThat(stats.get("worker_count").asInt()).isEqualTo((int) listed);
        }
        try (LinkTestWorker back = LinkTestWorker.connect("departs-crash", link.port(), TestCoordinator.TOKEN)) {
            Await.until("back, not missing", WAIT, () -> "ready".equals(workerState(stats(), "departs-crash")));
            int rows = 0;
            for (JsonNode w : stats().get("workers")) {
                rows += w.get("id").asString().equals("departs-crash") ? 1 : 0;
            }
            assertThat(rows).isEqualTo(1);
        }
    }

    private JsonNode stats() {
        try {
            return Http.json(Http.get(url("/stats/requests")));
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("GET /stats/requests failed", e);
        }
    }

    private static String workerState(JsonNode stats, String id) {
        for (JsonNode w : stats.get("workers")) {
            if (w.get("id").asString().equals(id)) {
                return w.get("state").asString();
            }
        }
        return null;
    }

    @Test
    void badValuesAre400WithTheField() throws Exception {
        run.stop();
        assertBad(Http.curl("-X", "POST", "-F", "user_count=abc", "-F", "spawn_rate=1", url("/swarm")), "user_count: ");
        assertBad(Http.curl("-X", "POST", "-F", "locust_count=-3", "-F", "hatch_rate=1", url("/swarm")), "locust_count: ");
        assertBad(Http.curl("-X", "POST", "-d", "user_count=3&spawn_rate=0", url("/swarm")), "spawn_rate: ");
        assertBad(Http.curl("-X", "POST", "-d", "user_count=3", url("/swarm")), "spawn_rate: required");
        assertBad(Http.curl("-X", "POST", "-d", "user_count=3&spawn_rate=1&host=ftp://x", url("/swarm")), "host: ");
        assertBad(Http.curl("-X", "POST", "-d", "user_count=3&spawn_rate=1&host=http://127.0.0.1:9&run_time=abc",
                url("/swarm")), "run_time: ");
        HttpResponse<String> json = Http.postJson(url("/swarm"), "{\"user_count\": 2, \"spawn_rate\": \"fast\"}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(Http.json(json).get("message").asString()).startsWith("spawn_rate: ");
        HttpResponse<String> broken = Http.postJson(url("/swarm"), "{not json");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(run.state()).isIn(RunState.READY, RunState.STOPPED);
    }

    private static void assertBad(Http.CurlResult result, String messagePrefix) {
        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().get("success").asBoolean()).isFalse();
        assertThat(result.json().get("message").asString()).startsWith(messagePrefix);
    }
}
