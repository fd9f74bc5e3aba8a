package io.stampede.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** /actuator/prometheus exposes request histograms per route and the JVM's metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
class MetricsTest {

    @Autowired
    WebTestClient http;

    @Test
    void prometheusExposesRequestHistogramsAndJvmMetrics() {
        http.get().uri("/todos").exchange().expectStatus().isOk();
        http.get().uri("/todo/424242").exchange().expectStatus().isNotFound();
        http.get().uri("/load-gen/loop?count=1&range=10").exchange().expectStatus().isOk();

        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/plain")
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("uri=\"/todos\"") && l.contains("status=\"200\"")))
                .as("histogram buckets of GET /todos").hasSizeGreaterThan(10)
                .anyMatch(l -> l.contains("le=\"+Inf\"") && !l.endsWith(" 0"));
        assertThat(metrics).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*status=\"404\"[^}]*uri=\"/todo/\\{id}\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*uri=\"/load-gen/loop\"[^}]*} [1-9]");
        assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage", "r2dbc_pool_");
    }
}
