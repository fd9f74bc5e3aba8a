package io.stampede.coordinator.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.HelloAck;
import io.stampede.core.link.Reject;
import io.stampede.core.link.WorkerHello;
import io.stampede.engine.link.LinkFailures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.stampede.testing.Await;

class LinkServerTest {

    TestCoordinator coordinator;

    @BeforeEach
    void start() {
        coordinator = new TestCoordinator(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    @Test
    void handshakeWithoutOrWithWrongTokenIs401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + coordinator.link.port() + "/link");
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prefix = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TestCoordinator.TOKEN.substring(0, 5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(prefix.statusCode()).isEqualTo(401);
        try (LinkTestWorker intruder = LinkTestWorker.connect("intruder", coordinator.link.port(), "wrong")) {
            // The handshake's answer (or the failed upgrade) comes after the server's decision.
            Await.until("the intruder's handshake answered", Duration.ofSeconds(5), () -> intruder.handshakeStatus() != null);
            assertThat(intruder.handshakeStatus()).as("not upgraded").isNotEqualTo(101);
            assertThat(intruder.isClosed()).isTrue();
            assertThat(coordinator.registry.size()).isZero();
        }
    }

    /** The worker tells a refused token apart from an unreachable coordinator ("link token rejected", not "cannot reach"). */
    @Test
    void aWorkerRecognisesItsTokenWasRejected() {
        Throwable refused = websocketError(coordinator.link.port(), "wrong");
        assertThat(LinkFailures.isTokenRejection(refused)).as("%s", refused).isTrue();
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Throwable unreachable = websocketError(closedPort, TestCoordinator.TOKEN);
        assertThat(LinkFailures.isTokenRejection(unreachable)).as("%s", unreachable).isFalse();
    }

    /** The error a WebSocket handshake to the link ends with, made the way the worker's LinkClient makes it. */
    private static Throwable websocketError(int port, String token) {
        try {
            reactor.netty.http.client.HttpClient.create()
                    .headers(h -> h.set("Authorization", "Bearer " + token))
                    .websocket()
                    .uri("ws://127.0.0.1:" + port + "/link")
                    .handle((in, out) -> in.receive().then())
                    .blockLast(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the handshake on port " + port + " succeeded");
    }

    @Test
    void handshakeFromAWebPageIsRefusedEvenWithTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + coordinator.link.port() + "/link");
        // Any page may open a WebSocket to any address; its browser says whose page it is.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).header("Origin", "http://evil.example")
                .header("Authorization", "Bearer " + TestCoordinator.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(LinkServer.sameOrigin("http://evil.example", "127.0.0.1:5557")).isFalse();
        assertThat(LinkServer.sameOrigin("http://127.0.0.1:3000", "127.0.0.1:5557")).isFalse();
        assertThat(LinkServer.sameOrigin("null", "127.0.0.1:5557")).isFalse();
        // A WebSocket client that derives an Origin from the URL it connects to is no web page.
        assertThat(LinkServer.sameOrigin("http://127.0.0.1:5557", "127.0.0.1:5557")).isTrue();
        assertThat(LinkServer.sameOrigin("https://coordinator.example", "coordinator.example:443")).isTrue();
    }

    @Test
    void workerWithTokenIsAcknowledgedAndRegistered() throws Exception {
        try (LinkTestWorker w = coordinator.worker("w1")) {
            HelloAck ack = w.await(HelloAck.class, Duration.ofSeconds(5));
            assertThat(ack).isNotNull();
            assertThat(ack.workerId()).isEqualTo("w1");
            assertThat(ack.heartbeatIntervalMillis()).isEqualTo(200);
            assertThat(ack.readsUncompressedHistograms()).isTrue(); // workers may send histograms uncompressed
            assertThat(ack.readsBinaryStatsReports()).isTrue(); // and stats reports as binary frames
            Await.until("registered", Duration.ofSeconds(2), () -> coordinator.registry.size() == 1);
            w.setUserCount(7);
            Await.until("heartbeat seen", Duration.ofSeconds(2),
                    () -> coordinator.registry.get("w1").userCount() == 7);
        }
    }

    @Test
    void wrongProtocolVersionIsRejected() throws Exception {
        WorkerHello hello = new WorkerHello("v99", "h", 1, 99);
        try (LinkTestWorker w = LinkTestWorker.connectWithHello(hello, coordinator.link.port(), TestCoordinator.TOKEN)) {
            Reject reject = w.await(Reject.class, Duration.ofSeconds(5));
            assertThat(reject).isNotNull();
            assertThat(reject.reason()).contains("protocol version 99");
            assertThat(coordinator.registry.size()).isZero();
        }
    }

    @Test
    void silentWorkerIsDroppedAfterTheTimeout() throws Exception {
        try (LinkTestWorker w = coordinator.worker("hung")) {
            Await.until("registered", Duration.ofSeconds(2), () -> coordinator.registry.size() == 1);
            long silencedAt = System.nanoTime();
            w.silence();
            Await.until("dropped", Duration.ofSeconds(3), () -> coordinator.registry.size() == 0);
            long tookMillis = (System.nanoTime() - silencedAt) / 1_000_000;
            // Timeout is 1 s here: not dropped early, and dropped well within the timeout plus a watchdog period.
            assertThat(tookMillis).isBetween(800L, 2500L);
        }
    }

    @Test
    void closedWorkerIsDroppedAtOnce() throws Exception {
        LinkTestWorker w = coordinator.worker("crash");
        Await.until("registered", Duration.ofSeconds(2), () -> coordinator.registry.size() == 1);
        w.kill();
        Await.until("dropped", Duration.ofMillis(900), () -> coordinator.registry.size() == 0);
    }
}
