package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.stampede.engine.http.client.ClientFixture.Call;
import io.stampede.testing.Await;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A pool opens at most {@link OriginPool#MAX_CONNECTING} connections at once (a spawn burst of
 * thousands of users would otherwise start thousands of connects in one loop turn), yet every
 * waiting request gets its own connection as earlier connects complete.
 */
class ConnectLimitTest {

    @Test
    void connectsThatDoNotCompleteAreCappedPerLoopAndOrigin() throws Exception {
        // A listener that never accepts, with a backlog of 1: once its accept queue is full the
        // kernel drops further SYNs, so those connects stay pending (until the request timeout).
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ClientFixture client = new ClientFixture(ClientFixture.settings(1000, Duration.ofSeconds(30), 10))) {
            String url = "http://127.0.0.1:" + stuck.getLocalPort() + "/";
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(client.send(client.get(url), true, Duration.ofSeconds(3)));
            }
            Await.until("connects under way", Duration.ofSeconds(5), () -> client.openConnections(url) >= OriginPool.MAX_CONNECTING);
            Thread.sleep(300); // time for more connects, were they not capped
            // 32 pending connects, plus the few the accept queue took (connected, waiting for a response).
            assertThat(client.openConnections(url)).isBetween(OriginPool.MAX_CONNECTING, OriginPool.MAX_CONNECTING + 4);
            for (Call call : calls) {
                assertThat(call.outcome()).failsWithin(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void everyConcurrentRequestStillGetsItsOwnConnection() throws Exception {
        // Each response takes 300 ms, so 100 requests at once need 100 connections.
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> Mono.delay(Duration.ofMillis(300)).then(res.sendString(Mono.just("ok")).then()))
                .bindNow();
        try (ClientFixture client = new ClientFixture(ClientFixture.settings(1000, Duration.ofSeconds(30), 10))) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(client.send(client.get(url), true, Duration.ofSeconds(10)));
            }
            for (Call call : calls) {
                assertThat(call.response().text()).isEqualTo("ok");
            }
            assertThat(client.openConnections(url)).isEqualTo(100);
        } finally {
            server.disposeNow();
        }
    }
}
