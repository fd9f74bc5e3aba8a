package io.stampede.bench.delay;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayServerTest {

    @Test
    void sameSeedGivesSameDelaysWithinBounds() {
        DelayDistribution a = new DelayDistribution(7, Duration.ofMillis(40), 0.6, Duration.ofMillis(10), Duration.ofMillis(100));
        DelayDistribution b = new DelayDistribution(7, Duration.ofMillis(40), 0.6, Duration.ofMillis(10), Duration.ofMillis(100));
        long[] first = LongStream.range(0, 1000).map(i -> a.nextMicros()).toArray();
        long[] second = LongStream.range(0, 1000).map(i -> b.nextMicros()).toArray();
        assertThat(first).isEqualTo(second);
        assertThat(LongStream.of(first).allMatch(micros -> micros >= 10_000 && micros <= 100_000)).isTrue();
        assertThat(first).contains(10_000, 100_000); // sigma 0.6 reaches both clamps in 1000 draws
    }

    @Test
    void rejectsMinAboveMax() {
        assertThatThrownBy(() -> new DelayDistribution(1, Duration.ofMillis(5), 0.1, Duration.ofMillis(9), Duration.ofMillis(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= max");
    }

    @Test
    void exactPercentilesUseHdrHistogramRankRule() {
        ExactPercentiles values = new ExactPercentiles(1000);
        for (long v = 100; v >= 1; v--) {
            values.record(v);
        }
        assertThat(values.valuesAt(50, 99, 99.9, 100)).containsExactly(50, 99, 100, 100);
        ExactPercentiles full = new ExactPercentiles(1);
        assertThat(full.record(1)).isTrue();
        assertThat(full.record(2)).isFalse();
    }

    @Test
    void answersAfterTheDrawnDelayAndReportsWhatItApplied() {
        DelayDistribution distribution = new DelayDistribution(42, Duration.ofMillis(20), 0.3, Duration.ofMillis(5), Duration.ofMillis(60));
        try (DelayServer server = new DelayServer("127.0.0.1", 0, distribution, 10_000)) {
            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
            Long okCount = Flux.range(0, 100)
                    .flatMap(i -> client.get().uri("/any").responseSingle((response, body) -> body.asString()), 10)
                    .filter("ok"::equals).count().block(Duration.ofSeconds(30));
            assertThat(okCount).isEqualTo(100);
            assertThat(server.count()).isEqualTo(100);
            String report = client.get().uri("/__delays").responseSingle((r, body) -> body.asString()).block(Duration.ofSeconds(10));
            assertThat(report).startsWith("{\"count\":100,\"measured_ms\":{\"0.5\":").contains("\"applied_ms\":{", "\"0.999\":");
            client.get().uri("/__reset").responseSingle((r, body) -> body.asString()).block(Duration.ofSeconds(10));
            assertThat(server.count()).isZero();
        }
    }

    @Test
    void percentileKeysAreLocusts() {
        assertThat(DelayServer.percentileKey(50)).isEqualTo("0.5");
        assertThat(DelayServer.percentileKey(99.9)).isEqualTo("0.999");
        assertThat(DelayServer.percentileKey(66)).isEqualTo("0.66");
    }
}
