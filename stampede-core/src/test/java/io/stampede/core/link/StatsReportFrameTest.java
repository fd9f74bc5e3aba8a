package io.stampede.core.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsSnapshot;

/** The binary stats frame: every field back as sent, and a clear refusal of anything else. */
class StatsReportFrameTest {

    private static String histogram(long... micros) {
        Histogram histogram = HistogramCodec.newHistogram();
        for (long value : micros) {
            histogram.recordValue(value);
        }
        return HistogramCodec.encodeUncompressed(histogram);
    }

    private static StatsReport report() {
        return new StatsReport("worker-é1", "run-42", 300, new StatsDelta(1_700_000_000_123L, 1_700_000_001_124L,
                List.of(new StatsDelta.EntryDelta("GET", "/todos/{id}", 3, 1, 600, 100, 300, 4_096,
                                histogram(100, 200, 300), histogram(100, 250_000, 300)),
                        new StatsDelta.EntryDelta("POST", "créer ✓", 1, 0, 7, 7, 7, 0, histogram(7), null)),
                List.of(new StatsDelta.FailureDelta("GET", "/todos/{id}", "HTTPError('500 Server Error')", 1)),
                new StatsDelta.Iterations(4, 2, histogram(15, 9_000))), true);
    }

    @Test
    void everyFieldComesBackAsSentAndTheHistogramsDecodeToTheirBuckets() {
        StatsReport sent = report();
        byte[] frame = StatsReportFrame.encode(sent);
        // Twice: the second decode of the names is served from the per-thread table, same content.
        for (int round = 0; round < 2; round++) {
            StatsReportFrame.Decoded decoded = StatsReportFrame.decode(ByteBuffer.wrap(frame));
            StatsReport got = decoded.report();
            assertThat(got.workerId()).isEqualTo(sent.workerId());
            assertThat(got.runId()).isEqualTo(sent.runId());
            assertThat(got.sequence()).isEqualTo(300);
            assertThat(got.last()).isTrue();
            assertThat(got.delta().startEpochMillis()).isEqualTo(sent.delta().startEpochMillis());
            assertThat(got.delta().endEpochMillis()).isEqualTo(sent.delta().endEpochMillis());
            assertThat(got.delta().failures()).isEqualTo(sent.delta().failures());
            assertThat(got.delta().iterations().started()).isEqualTo(4);
            assertThat(got.delta().iterations().dropped()).isEqualTo(2);
            for (int i = 0; i < sent.delta().entries().size(); i++) {
                StatsDelta.EntryDelta want = sent.delta().entries().get(i);
                // Everything but the histogram text, which travels decoded.
                assertThat(got.delta().entries().get(i)).isEqualTo(new StatsDelta.EntryDelta(want.method(), want.name(),
                        want.numRequests(), want.numFailures(), want.totalResponseTimeMicros(),
                        want.minResponseTimeMicros(), want.maxResponseTimeMicros(), want.totalContentLength(), null, null));
            }

            StatsAggregator merged = new StatsAggregator();
            merged.merge(decoded.decoded());
            StatsSnapshot snapshot = merged.snapshot(1_700_000_001_500L);
            assertThat(snapshot.numRequests()).isEqualTo(4);
            assertThat(snapshot.find("GET", "/todos/{id}").orElseThrow().responseTimes().valueAtQuantileMicros(1)).isEqualTo(300);
            assertThat(snapshot.find("GET", "/todos/{id}").orElseThrow().correctedResponseTimes().valueAtQuantileMicros(1))
                    .isBetween(249_000L, 251_000L);
            assertThat(snapshot.find("POST", "créer ✓").orElseThrow().correctedResponseTimes().valueAtQuantileMicros(1)).isEqualTo(7);
            assertThat(snapshot.iterations().scheduleLag().valueAtQuantileMicros(1)).isBetween(8_990L, 9_010L);
            assertThat(snapshot.errors()).hasSize(1);
        }
    }

    @Test
    void aFrameIsMuchSmallerThanTheJsonOfTheSameReport() {
        StatsReport sent = report();
        assertThat(StatsReportFrame.encode(sent).length).isLessThan(LinkCodec.encode(sent).length() * 3 / 4);
    }

    @Test
    void truncatedUnknownOrPaddedFramesAreRefusedWithWhereAndWhy() {
        byte[] frame = StatsReportFrame.encode(report());
        for (int cut = 0; cut < frame.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(truncated)))
                    .as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a stats frame");
        }
        byte[] unknown = frame.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(unknown)))
                .hasMessageContaining("unknown stats frame layout 9");
        byte[] padded = Arrays.copyOf(frame, frame.length + 3);
        assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(padded)))
                .hasMessageContaining("3 bytes after the report");
    }

    @Test
    void aCountOrLengthLargerThanTheFrameIsRefusedBeforeAnythingIsAllocated() {
        // layout, workerId "w", runId "r", sequence 1, last 0, start 0, end 0, then 2^40 entries.
        byte[] hugeCount = {StatsReportFrame.LAYOUT_V1, 2, 'w', 2, 'r', 2, 0, 0, 0,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(hugeCount)))
                .hasMessageContaining("entries: count").hasMessageContaining("does not fit");
        // A workerId that claims 1,000 bytes in a frame of a few.
        byte[] longString = {StatsReportFrame.LAYOUT_V1, (byte) 0xd0, 0x0f, 'w'};
        assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(longString)))
                .hasMessageContaining("workerId: length 1000 does not fit");
    }

    @Test
    void aBrokenHistogramFailsTheWholeFrame() {
        StatsReport sent = new StatsReport("w", "r", 1, new StatsDelta(0, 1000,
                List.of(new StatsDelta.EntryDelta("GET", "/", 1, 0, 5, 5, 5, 0,
                        java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))),
                List.of()), false);
        byte[] frame = StatsReportFrame.encode(sent);
        assertThatThrownBy(() -> StatsReportFrame.decode(ByteBuffer.wrap(frame)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HdrHistogram");
    }
}
