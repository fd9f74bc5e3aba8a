package io.stampede.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.stampede.core.scenario.Expect;
import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.EngineSettings;
import io.stampede.engine.LoadEngine;
import io.stampede.engine.RunSpec;
import io.stampede.engine.StepsOutcome;
import io.stampede.engine.http.client.ClientFixture;
import io.stampede.engine.http.client.Http1ClientSettings;
import io.stampede.engine.http.client.HttpTarget;
import io.stampede.engine.http.client.RawServer;
import io.stampede.engine.http.client.TlsTestServer;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** How HTTP steps name real client failures, and an HTTP step through the engine following a redirect. */
class HttpRequestStepTest {

    private ClientFixture fixture;

    @BeforeEach
    void startClient() {
        fixture = ClientFixture.withDefaults();
    }

    @AfterEach
    void closeClient() {
        fixture.close();
    }

    private String described(String url, Duration timeout) throws Exception {
        Throwable failure = fixture.failure(fixture.get(url), timeout);
        return HttpRequestStep.describe(failure, HttpTarget.parse(url));
    }

    @Test
    void timeoutsRefusalsAndUnknownHostsAreNamedStably() throws Exception {
        // The kernel completes the connection (backlog) but nobody ever answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            assertThat(described("http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(250)))
                    .isEqualTo("TimeoutError: no response within 250ms");
            assertThat(described("http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofSeconds(1)))
                    .isEqualTo("TimeoutError: no response within 1s");
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        assertThat(described("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(30)))
                .isEqualTo("ConnectionRefusedError: connection refused by 127.0.0.1:" + closedPort);
        String unknown = "http://no-such-host.invalid/";
        Throwable failure = fixture.send(fixture.get(unknown), true, Duration.ofSeconds(30)).outcome()
                .handle((response, error) -> error).get(20, TimeUnit.SECONDS);
        assertThat(HttpRequestStep.describe(failure, HttpTarget.parse(unknown)))
                .isEqualTo("NameResolutionError: cannot resolve no-such-host.invalid");
    }

    @ParameterizedTest
    @EnumSource(ClientFixture.Transport.class)
    void brokenConnectionsAndResponsesAreNamedStably(ClientFixture.Transport transport) throws Exception {
        ClientFixture onTransport = new ClientFixture(Http1ClientSettings.defaults(8), transport);
        fixture.close();
        fixture = onTransport;
        try (RawServer server = new RawServer(c -> {
            RawServer.Request request = c.readRequest();
            switch (request.target()) {
                case "/cut" -> {
                    c.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npart");
                    c.close();
                }
                case "/reset" -> c.closeWith("RST");
                case "/invalid" -> {
                    c.write("HTTP/1.1 abc\r\n\r\n");
                    c.awaitClientClose();
                }
                default -> {
                    String loop = RawServer.response(302, "Found", "", "location: /loop");
                    c.write(loop);
                    c.serveAll(loop);
                }
            }
        })) {
            assertThat(described(server.url("/cut"), Duration.ofSeconds(5)))
                    .isEqualTo("ConnectionError: connection closed before the response was complete");
            assertThat(described(server.url("/reset"), Duration.ofSeconds(5)))
                    .isEqualTo("ConnectionResetError: connection reset by peer");
            assertThat(described(server.url("/invalid"), Duration.ofSeconds(5)))
                    .startsWith("InvalidResponseError: invalid HTTP response: ");
            assertThat(described(server.url("/loop"), Duration.ofSeconds(5)))
                    .isEqualTo("RedirectError: more than 10 redirects, the last to '/loop'");
        }
    }

    @Test
    void anUntrustedCertificateIsAnSslError(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = new TlsTestServer(dir, "localhost", "ip:127.0.0.1")) {
            assertThat(described(server.url("127.0.0.1", "/"), Duration.ofSeconds(5)))
                    .startsWith("SSLError: ").contains("PKIX path building failed");
        }
    }

    @Test
    void aStepFollowsARedirectAndRecordsTheFinal200Once() throws Exception {
        AtomicInteger served = new AtomicInteger();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/start", (req, res) -> {
                            served.incrementAndGet();
                            return res.status(HttpResponseStatus.FOUND).header(HttpHeaderNames.LOCATION, "/final").send();
                        })
                        .get("/final", (req, res) -> {
                            served.incrementAndGet();
                            return res.sendString(Mono.just("done"));
                        }))
                .bindNow();
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 16, Duration.ofSeconds(5), Duration.ofSeconds(2)))) {
            String base = "http://127.0.0.1:" + server.port();
            Expect only200 = new Expect(List.of(new Expect.StatusRange(200, 200)), null, Map.of());
            HttpStep step = new HttpStep("start", "GET", base + "/start", Map.of(), Map.of(), null, null, only200, Map.of());
            StatsRecorder recorder = new StatsRecorder();
            StepsOutcome outcome = engine.runOnce(RunSpec.of(Scenario.defaultScenario(base), base), List.of(step),
                    recorder::record).get(10, TimeUnit.SECONDS);

            assertThat(outcome.success()).isTrue();
            assertThat(served.get()).isEqualTo(2);
            StatsDelta delta = recorder.drain();
            assertThat(delta.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.method() + " " + entry.name()).isEqualTo("GET start");
                assertThat(entry.numRequests()).isEqualTo(1);
                assertThat(entry.numFailures()).isZero();
                assertThat(entry.totalContentLength()).isEqualTo("done".length());
            });
            assertThat(delta.failures()).isEmpty();
        } finally {
            server.disposeNow();
        }
    }
}
