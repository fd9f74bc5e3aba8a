package io.stampede.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The worker app with a coordinator address where nothing listens: healthy, metrics exposed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    WorkerLifecycle lifecycle;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void coordinatorNotListening(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        // The contract's flag name, resolved through application.yaml.
        registry.add("coordinator", () -> "127.0.0.1:" + closed);
        registry.add("link-token", () -> "t0ken");
    }

    @Test
    void healthIsUpWhileTheCoordinatorIsUnreachable() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"link\":\"connecting\"");
        assertThat(lifecycle.worker().settings().coordinator().toString()).startsWith("ws://127.0.0.1:").endsWith("/link");
        assertThat(lifecycle.worker().settings().linkToken()).isEqualTo("t0ken");
    }

    @Test
    void nettysLeakSamplingIsOffUnlessAskedFor() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        try {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
            System.setProperty(WorkerApplication.LEAK_DETECTION_PROPERTY, "paranoid");
            WorkerApplication.withoutLeakSampling();
            assertThat(ResourceLeakDetector.getLevel()).as("asked for").isEqualTo(ResourceLeakDetector.Level.SIMPLE);
            System.clearProperty(WorkerApplication.LEAK_DETECTION_PROPERTY);
            WorkerApplication.withoutLeakSampling();
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
        } finally {
            System.clearProperty(WorkerApplication.LEAK_DETECTION_PROPERTY);
            ResourceLeakDetector.setLevel(before);
        }
    }

    @Test
    void noLogbackTurboFilterSitsOnTheUsersLoopsLevelChecks() {
        // A turbo filter is consulted on every isTraceEnabled() of the transport, per I/O operation.
        var logging = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        assertThat(logging.getTurboFilterList()).isEmpty();
    }

    @Test
    void theWorkerRunsWithTheValuesOfApplicationYaml() {
        var settings = lifecycle.worker().settings();
        assertThat(settings.reconnectMin()).isEqualTo(environment.getProperty("stampede.worker.reconnect-min", Duration.class));
        assertThat(settings.reconnectMax()).isEqualTo(environment.getProperty("stampede.worker.reconnect-max", Duration.class));
        assertThat(settings.engine().stopGrace()).isEqualTo(environment.getProperty("stampede.worker.stop-grace", Duration.class));
        assertThat(settings.engine().requestTimeout())
                .isEqualTo(environment.getProperty("stampede.worker.request-timeout", Duration.class));
        assertThat(settings.engine().maxConnections())
                .isEqualTo(environment.getProperty("stampede.worker.max-connections", Integer.class));
        assertThat(settings.workerId()).isNotBlank(); // application.yaml leaves it empty: hostname + suffix
    }

    @Test
    void prometheusExposesTheWorkerMeters() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("stampede_worker_users ", "stampede_worker_requests_total ",
                "stampede_worker_failures_total ", "stampede_worker_link_connected 0.0",
                "stampede_worker_connections_open 0.0", "stampede_worker_http_received_bytes_total 0.0", "stampede_worker_event_loop_lag_seconds ",
                "stampede_worker_event_loops ", "stampede_worker_loop_batch_waits_total 0.0", "stampede_worker_loop_batch_timeouts_total 0.0",
                "process_cpu_usage ", "jvm_memory_used_bytes{area=\"heap\"");
    }

    @Test
    void spaceSeparatedContractFlagsBecomeSpringArguments() {
        assertThat(WorkerArguments.normalize(new String[] {"--coordinator", "coord:5557", "--link-token", "x", "--server.port=1"}))
                .containsExactly("--coordinator=coord:5557", "--link-token=x", "--server.port=1");
        assertThatThrownBy(() -> WorkerArguments.normalize(new String[] {"--coordinator"}))
                .hasMessageContaining("--coordinator: a value is required");
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
