package io.stampede.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Smoke test of the user-scale tool: a few users against a real server, every figure present and consistent. */
class UserScaleTest {

    @Test
    void usersWithAThinkTimeSendAboutWhatTheyShouldAndTheFiguresAreReported() throws Exception {
        AtomicLong served = new AtomicLong();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    served.incrementAndGet();
                    return res.sendString(Mono.just("ok"));
                })
                .bindNow();
        try {
            String json = UserScale.measure(new UserScale.Settings("http://127.0.0.1:" + server.port() + "/", 50,
                    Duration.ofMillis(200), 0, Duration.ofSeconds(1), Duration.ofSeconds(2), 1));

            assertThat(number(json, "alive")).isEqualTo(50);
            assertThat(number(json, "failures")).isZero();
            // 50 users each sending every ~200 ms: about 250 requests/s; the server saw at least the window's.
            assertThat(number(json, "requests")).isBetween(100.0, 700.0);
            assertThat(served.get()).isGreaterThanOrEqualTo((long) number(json, "requests"));
            assertThat(number(json, "expected_rps")).isBetween(50.0, 250.0);
            // One loop probed every 20 ms for 2 s.
            assertThat(number(json, "lag_samples")).isBetween(20.0, 110.0);
            assertThat(number(json, "lag_p50_ms")).isLessThanOrEqualTo(number(json, "lag_p99_ms"));
            assertThat(number(json, "lag_p99_ms")).isLessThanOrEqualTo(number(json, "lag_max_ms"));
            assertThat(number(json, "event_loops")).isEqualTo(1);
            assertThat(number(json, "connections")).isBetween(1.0, 50.0);
            assertThat(number(json, "fds_open")).isPositive();
        } finally {
            server.disposeNow();
        }
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
