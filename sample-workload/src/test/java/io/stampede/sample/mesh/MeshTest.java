package io.stampede.sample.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.stampede.sample.support.FreePort;
import io.stampede.sample.support.SampleInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Mesh mode with real instances: A calls B's /mesh, B calls A's /, so a request to A walks
 * the graph A → B → A. A third instance has one healthy and several failing backends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
class MeshTest {

    static SampleInstance a;
    static SampleInstance b;
    static DisposableServer faulty;

    @Autowired
    WebTestClient noBackends;

    @BeforeAll
    static void startGraph() {
        int portA = FreePort.pick();
        int portB = FreePort.pick();
        // BACKENDS as the harness sets it (here as an argument: same placeholder, no env needed)
        b = SampleInstance.start(portB, "--BACKENDS=http://127.0.0.1:" + portA + "/");
        a = SampleInstance.start(portA, "--BACKENDS=http://127.0.0.1:" + portB + "/mesh");
        faulty = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/fail", (request, response) -> response.status(503).sendString(Mono.just("down")))
                        .get("/slow", (request, response) -> Mono.delay(Duration.ofSeconds(30))
                                .then(response.sendString(Mono.just("late")).then())))
                .bindNow();
    }

    @AfterAll
    static void stopGraph() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, faulty == null ? null : faulty::disposeNow}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the other instances must still stop
            }
        }
    }

    @Test
    void noBackendsIsSuccess() {
        noBackends.get().uri("/mesh").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("backends Success");
    }

    @Test
    void twoInstancesCallingEachOtherSucceed() {
        a.http().get().uri("/mesh").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("backends Success");
        // The call really went A → B /mesh → A /: both servers counted it.
        assertThat(metrics(b)).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/mesh\"} [1-9]");
        assertThat(metrics(a)).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/\"} [1-9]");
        assertThat(metrics(a)).containsPattern("http_client_requests_seconds_count\\{[^}]*status=\"200\"[^}]*} [1-9]");
    }

    @Test
    void failingBackendsAreNamedIn500() {
        String healthy = b.baseUrl() + "/";
        String refused = "http://127.0.0.1:" + FreePort.pick() + "/";
        String serverError = "http://127.0.0.1:" + faulty.port() + "/fail";
        String slow = "http://127.0.0.1:" + faulty.port() + "/slow";
        String clientError = b.baseUrl() + "/todo/not-a-number";
        try (var mixed = SampleInstance.start(0,
                "--BACKENDS=" + String.join(",", healthy, refused, serverError, slow, clientError),
                "--stampede.sample.mesh.timeout=4s")) {
            String body = mixed.http().get().uri("/mesh").exchange()
                    .expectStatus().isEqualTo(500)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).startsWith("backends failed: ")
                    .contains(refused + " (", serverError + " (HTTP 503)", slow + " (no answer within 4000 ms)",
                            clientError + " (HTTP 400)")
                    .doesNotContain(healthy + " ")
                    .doesNotContain(healthy + ",");
            assertThat(body).contains(refused + " (Connection refused");
        }
    }

    private static String metrics(SampleInstance instance) {
        return instance.http().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
