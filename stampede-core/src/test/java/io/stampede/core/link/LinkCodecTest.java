package io.stampede.core.link;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateShape;
import io.stampede.core.stats.StatsDelta;

import static org.assertj.core.api.Assertions.assertThat;

class LinkCodecTest {

    @Test
    void aHelloAckSaysWhetherTheCoordinatorReadsUncompressedHistogramsAndAnOlderOneMeansNo() {
        HelloAck ack = new HelloAck("w1", 1000);
        assertThat(ack.readsUncompressedHistograms()).isTrue();
        assertThat(LinkCodec.decode(LinkCodec.encode(ack))).isEqualTo(ack);
        assertThat(ack.histogramEncoding()).isEqualTo(io.stampede.core.stats.HistogramCodec.Encoding.UNCOMPRESSED);
        // An older coordinator's HelloAck has no such field: the worker keeps the compressed form.
        HelloAck older = (HelloAck) LinkCodec.decode("{\"type\":\"hello-ack\",\"workerId\":\"w1\",\"heartbeatIntervalMillis\":1000}");
        assertThat(older.readsUncompressedHistograms()).isNull();
        assertThat(older.histogramEncoding()).isEqualTo(io.stampede.core.stats.HistogramCodec.Encoding.COMPRESSED);
    }

    @Test
    void repeatedNamesParseToTheSameStringAndNamesOfEqualHashStayApart() {
        // "Aa" and "BB" have the same String hash, so they share a slot of the parser's name cache.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        StatsReport first = report("Aa", "BB", "/caf\u00e9");
        StatsReport second = report("BB", "Aa", "/caf\u00e9");
        for (int i = 0; i < 3; i++) {
            StatsReport a = (StatsReport) LinkCodec.decode(LinkCodec.encode(first).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StatsReport b = (StatsReport) LinkCodec.decode(new java.io.ByteArrayInputStream(
                    LinkCodec.encode(second).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(a).isEqualTo(first);
            assertThat(b).isEqualTo(second);
            assertThat(b.delta().entries().get(2).name()).isSameAs(a.delta().entries().get(2).name());
            assertThat(b.delta().entries().get(2).method()).isSameAs(a.delta().entries().get(2).method());
        }
    }

    private static StatsReport report(String... names) {
        List<StatsDelta.EntryDelta> entries = new java.util.ArrayList<>();
        for (String name : names) {
            entries.add(new StatsDelta.EntryDelta("GET", name, 1, 0, 5, 5, 5, 0, "h", null));
        }
        return new StatsReport("w", "run-1", 1, new StatsDelta(1, 2, entries, List.of()), false);
    }

    @Test
    void anOpenModelShareTravelsWhole() {
        var profile = new RateShape.Stages(0, List.of(new RateShape.Stage(100, Duration.ofSeconds(10), true),
                new RateShape.Stage(100, Duration.ofSeconds(5), false))).profile();
        StartLoad start = new StartLoad("run-1", "name: x", "x.yaml", "http://127.0.0.1:1", 0, 1, 1, 3, 10,
                Map.of("a", "b"), Map.of(), new OpenShare(profile, Arrivals.POISSON, 1 / 3.0, 1 / 3.0, 2_000_000_000L,
                1_500_000_000L, 22, 3334, 1, 1_700_000_000_000L));
        assertThat(LinkCodec.decode(LinkCodec.encode(start))).isEqualTo(start);
    }

    @Test
    void aClosedModelShareHasNoOpenSliceAndAnOlderFrameStillDecodes() {
        StartLoad start = new StartLoad("run-1", null, null, "http://127.0.0.1:1", 5, 1, 0, 1, 0, Map.of(), Map.of());
        assertThat(LinkCodec.decode(LinkCodec.encode(start))).isEqualTo(start);
        String older = LinkCodec.encode(start).replace(",\"open\":null", "");
        assertThat(((StartLoad) LinkCodec.decode(older)).open()).isNull();
    }

    @Test
    void aLimitedShareTravelsWithItsTypeAndSaysHowManyWereRefused() {
        ShareLimited limited = new ShareLimited("w1", "run-1", ShareLimited.USERS, 100_000, 47,
                "file descriptors: soft limit 320");
        String frame = LinkCodec.encode(limited);
        assertThat(frame).contains("\"type\":\"share-limited\"");
        assertThat(LinkCodec.decode(frame)).isEqualTo(limited);
        assertThat(limited.refused()).isEqualTo(99_953);
    }

    @Test
    void bothLatenciesAndIterationCountsTravelInAReport() {
        StatsDelta delta = new StatsDelta(1, 2, List.of(new StatsDelta.EntryDelta("GET", "/", 1, 0, 5, 5, 5, 0, "h", "c")),
                List.of(), new StatsDelta.Iterations(7, 2));
        StatsReport report = new StatsReport("w", "run-1", 3, delta, false);
        assertThat(LinkCodec.decode(LinkCodec.encode(report))).isEqualTo(report);
    }

    @Test
    void aFrameDecodesFromItsUtf8BytesAsFromItsText() {
        StatsDelta delta = new StatsDelta(1, 2, List.of(new StatsDelta.EntryDelta("GET", "/caf\u00e9/\u6771\u4eac", 1, 0, 5, 5, 5,
                0, "h", null)), List.of(new StatsDelta.FailureDelta("GET", "/caf\u00e9/\u6771\u4eac", "\u00fcbel", 1)));
        StatsReport report = new StatsReport("w", "run-1", 3, delta, true);
        byte[] frame = LinkCodec.encode(report).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(LinkCodec.decode(frame)).isEqualTo(report).isEqualTo(LinkCodec.decode(LinkCodec.encode(report)));
        assertThat(LinkCodec.decode(new java.io.ByteArrayInputStream(frame))).isEqualTo(report);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinkCodec.decode("{\"type\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a link message");
    }

    @Test
    void anEntryReadsEveryFieldSkipsUnknownOnesAndTakesMissingOnesAsZeroOrNull() {
        StatsDelta.EntryDelta full = new StatsDelta.EntryDelta("POST", "/x", 10, 2, 300, 7, 90, 4096, "h", "c");
        StatsDelta delta = new StatsDelta(1, 2, List.of(full, new StatsDelta.EntryDelta("GET", "/y", 1, 0, 5, 5, 5, 0, "h")),
                List.of());
        StatsReport report = new StatsReport("w", "run-1", 3, delta, false);
        String frame = LinkCodec.encode(report);
        assertThat(frame).contains("\"numRequests\":10", "\"correctedHistogram\":\"c\"", "\"correctedHistogram\":null");
        assertThat(LinkCodec.decode(frame)).isEqualTo(report);

        String newer = frame.replace("\"numRequests\":10,", "\"numRequests\":10,\"future\":{\"a\":[1,{\"b\":2}]},\"more\":\"x\",");
        assertThat(LinkCodec.decode(newer)).isEqualTo(report);
        String sparse = "{\"type\":\"stats\",\"workerId\":\"w\",\"runId\":\"r\",\"sequence\":1,\"last\":false,"
                + "\"delta\":{\"startEpochMillis\":1,\"endEpochMillis\":2,\"failures\":[],"
                + "\"entries\":[{\"method\":\"GET\",\"name\":\"/z\",\"numRequests\":4,\"histogram\":\"h\"}]}}";
        assertThat(((StatsReport) LinkCodec.decode(sparse)).delta().entries())
                .containsExactly(new StatsDelta.EntryDelta("GET", "/z", 4, 0, 0, 0, 0, 0, "h", null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinkCodec.decode(sparse.replace("\"numRequests\":4", "\"numRequests\":[4]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
