package io.stampede.engine.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.stampede.engine.http.client.ClientFixture.Call;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The decoder reads a head in a per-thread array that starts small
 * ({@link Http1ResponseDecoder#INITIAL_HEAD_BYTES}) and grows for longer heads: header lines far
 * longer than it, arriving over several reads, come whole, on a reused connection too.
 */
class LongHeaderLineTest {

    @Test
    void headerLinesLongerThanTheInitialBufferArriveWhole() throws Exception {
        String longValue = "v".repeat(Http1ResponseDecoder.INITIAL_HEAD_BYTES * 20);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.header("x-long", longValue).header("x-short", "s").sendString(Mono.just("body")))
                .bindNow();
        try (ClientFixture client = new ClientFixture(ClientFixture.settings(4, Duration.ofSeconds(30), 10))) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            for (int i = 0; i < 3; i++) {
                Call call = client.send(client.get(url));
                assertThat(call.response().headers().get("x-long")).isEqualTo(longValue);
                assertThat(call.response().headers().get("x-short")).isEqualTo("s");
                assertThat(call.response().text()).isEqualTo("body");
            }
            assertThat(client.openConnections(url)).isEqualTo(1);
        } finally {
            server.disposeNow();
        }
    }
}
