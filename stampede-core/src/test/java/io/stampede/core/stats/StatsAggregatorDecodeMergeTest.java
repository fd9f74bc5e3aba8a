package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import java.nio.ByteBuffer;

import io.stampede.core.link.LinkCodec;
import io.stampede.core.link.StatsReport;
import io.stampede.core.link.StatsReportFrame;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@link StatsAggregator#decode} on several threads (as the coordinator's link threads do) and
 * {@link StatsAggregator#merge(StatsAggregator.Decoded)} afterwards give exactly what merging
 * each {@link StatsDelta} in one step gives, and what HdrHistogram's own decode and add give.
 */
class StatsAggregatorDecodeMergeTest {

    private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1};

    @Test
    void decodedOnOtherThreadsThenMergedEqualsTheOneStepMergeAndHdrHistogramsOwnDecode() throws Exception {
        List<StatsDelta> deltas = workerDeltas();
        long now = deltas.stream().mapToLong(StatsDelta::endEpochMillis).max().orElseThrow() + 500;

        StatsAggregator oneStep = new StatsAggregator();
        deltas.forEach(oneStep::merge);

        List<StatsAggregator.Decoded> decoded = new ArrayList<>();
        try (ExecutorService linkThreads = Executors.newFixedThreadPool(4)) {
            List<Future<StatsAggregator.Decoded>> futures = new ArrayList<>();
            for (StatsDelta delta : deltas) {
                futures.add(linkThreads.submit(() -> StatsAggregator.decode(delta)));
            }
            for (Future<StatsAggregator.Decoded> future : futures) {
                decoded.add(future.get());
            }
        }
        StatsAggregator split = new StatsAggregator();
        decoded.forEach(split::merge);

        StatsSnapshot expected = oneStep.snapshot(now);
        StatsSnapshot actual = split.snapshot(now);
        assertSameRows(actual, expected);
        assertThat(actual.iterations().started()).isEqualTo(expected.iterations().started()).isPositive();
        assertThat(actual.iterations().dropped()).isEqualTo(expected.iterations().dropped()).isPositive();
        assertThat(actual.iterations().scheduleLag().percentileMillis(0.99))
                .isEqualTo(expected.iterations().scheduleLag().percentileMillis(0.99)).isPositive();

        // Against HdrHistogram's own decode and add of every delta (the path before decodeRecorded).
        Map<String, Histogram> reference = new HashMap<>();
        Map<String, Histogram> referenceCorrected = new HashMap<>();
        Map<String, Long> failures = new HashMap<>();
        for (StatsDelta delta : deltas) {
            for (StatsDelta.EntryDelta entry : delta.entries()) {
                reference.computeIfAbsent(entry.name(), k -> HistogramCodec.newHistogram())
                        .add(HistogramCodec.decode(entry.histogram()));
                referenceCorrected.computeIfAbsent(entry.name(), k -> HistogramCodec.newHistogram())
                        .add(HistogramCodec.decode(entry.correctedHistogram() != null ? entry.correctedHistogram()
                                : entry.histogram()));
            }
            for (StatsDelta.FailureDelta failure : delta.failures()) {
                failures.merge(failure.name() + " " + failure.error(), failure.occurrences(), Long::sum);
            }
        }
        for (RequestStats row : actual.entries()) {
            Histogram plain = reference.get(row.name());
            Histogram corrected = referenceCorrected.get(row.name());
            assertThat(row.numRequests()).isEqualTo(plain.getTotalCount());
            for (double q : QUANTILES) {
                assertThat(row.responseTimes().valueAtQuantileMicros(q)).as("%s p%s", row.name(), q * 100)
                        .isEqualTo(plain.lowestEquivalentValue(plain.getValueAtPercentile(q * 100)));
                assertThat(row.correctedResponseTimes().valueAtQuantileMicros(q)).as("%s corrected p%s", row.name(), q * 100)
                        .isEqualTo(corrected.lowestEquivalentValue(corrected.getValueAtPercentile(q * 100)));
            }
        }
        for (ErrorStats error : actual.errors()) {
            assertThat(error.occurrences()).isEqualTo(failures.get(error.name() + " " + error.error()));
        }
    }

    @Test
    void uncompressedHistogramsMergeToExactlyWhatCompressedOnesDoAndBothFormsMix() {
        List<StatsDelta> compressed = workerDeltas(HistogramCodec.Encoding.COMPRESSED);
        List<StatsDelta> uncompressed = workerDeltas(HistogramCodec.Encoding.UNCOMPRESSED);
        assertThat(uncompressed.get(0).entries().get(0).histogram())
                .isNotEqualTo(compressed.get(0).entries().get(0).histogram());
        assertThat(uncompressed.get(0).entries().get(0).numRequests())
                .isEqualTo(compressed.get(0).entries().get(0).numRequests()).isPositive();
        long now = compressed.stream().mapToLong(StatsDelta::endEpochMillis).max().orElseThrow() + 500;

        StatsAggregator fromCompressed = new StatsAggregator();
        compressed.forEach(delta -> fromCompressed.merge(StatsAggregator.decode(delta)));
        StatsAggregator fromUncompressed = new StatsAggregator();
        uncompressed.forEach(delta -> fromUncompressed.merge(StatsAggregator.decode(delta)));
        // Older workers (compressed) and newer ones (uncompressed) reporting to one coordinator.
        StatsAggregator mixed = new StatsAggregator();
        for (int i = 0; i < compressed.size(); i++) {
            mixed.merge(StatsAggregator.decode(i % 2 == 0 ? compressed.get(i) : uncompressed.get(i)));
        }

        StatsSnapshot expected = fromCompressed.snapshot(now);
        for (StatsSnapshot actual : List.of(fromUncompressed.snapshot(now), mixed.snapshot(now))) {
            assertSameRows(actual, expected);
            for (double q : QUANTILES) {
                assertThat(actual.iterations().scheduleLag().percentileMillis(q))
                        .isEqualTo(expected.iterations().scheduleLag().percentileMillis(q));
            }
            assertThat(actual.iterations().scheduleLag().count()).isEqualTo(expected.iterations().scheduleLag().count()).isPositive();
        }
    }

    @Test
    void theAggregatedRowHoldsEverySampleAfterItsSecondsLeaveThePerSecondRingAndLateReportsToo() {
        SplittableRandom random = new SplittableRandom(11);
        StatsAggregator aggregator = new StatsAggregator();
        Histogram all = HistogramCodec.newHistogram();
        Histogram allCorrected = HistogramCodec.newHistogram();
        long base = 1_700_000_000_000L;
        long requests = 0;
        for (int second = 0; second < 40; second++) {
            List<StatsDelta.EntryDelta> entries = new ArrayList<>();
            for (String name : List.of("/a", "/b")) {
                Histogram h = HistogramCodec.newHistogram();
                Histogram c = HistogramCodec.newHistogram();
                int n = 1 + random.nextInt(200);
                for (int i = 0; i < n; i++) {
                    long micros = Math.max(1, Math.round(Math.exp(7 + 1.5 * random.nextGaussian())));
                    h.recordValue(micros);
                    c.recordValue(micros + (second >= 25 ? random.nextLong(0, 100_000) : 0));
                }
                all.add(h);
                allCorrected.add(c);
                requests += n;
                // Late starts only from second 25 on: the Aggregated row's corrected histogram starts as a copy of all so far.
                entries.add(new StatsDelta.EntryDelta("GET", name, n, 0, 0, h.getMinValue(), h.getMaxValue(), 0,
                        HistogramCodec.encode(h, second % 2 == 0 ? HistogramCodec.Encoding.UNCOMPRESSED : HistogramCodec.Encoding.COMPRESSED),
                        second >= 25 ? HistogramCodec.encode(c) : null));
            }
            // Every fifth report arrives 20 s late: older than the 16-second ring by then.
            long end = base + (second % 5 == 4 && second >= 20 ? second - 20 : second) * 1000L + 1000;
            aggregator.merge(new StatsDelta(end - 1000, end, entries, List.of()));
            if (second % 7 == 0 || second >= 38) {
                RequestStats total = aggregator.snapshot(base + second * 1000L + 1500).total();
                assertThat(total.numRequests()).isEqualTo(requests).isEqualTo(all.getTotalCount());
                assertThat(total.responseTimes().count()).as("second %d", second).isEqualTo(all.getTotalCount());
                for (double q : QUANTILES) {
                    assertThat(total.responseTimes().valueAtQuantileMicros(q)).as("second %d, p%s", second, q * 100)
                            .isEqualTo(all.lowestEquivalentValue(all.getValueAtPercentile(q * 100)));
                    if (second >= 25) {
                        assertThat(total.correctedResponseTimes().valueAtQuantileMicros(q)).as("second %d, corrected p%s", second, q * 100)
                                .isEqualTo(allCorrected.lowestEquivalentValue(allCorrected.getValueAtPercentile(q * 100)));
                    }
                }
            }
        }
    }

    @Test
    void binaryFramesMergeToExactlyWhatJsonReportsDoAndBothMixInOneRun() {
        for (HistogramCodec.Encoding encoding : HistogramCodec.Encoding.values()) {
            List<StatsDelta> deltas = workerDeltas(encoding);
            long now = deltas.stream().mapToLong(StatsDelta::endEpochMillis).max().orElseThrow() + 500;
            StatsAggregator json = new StatsAggregator();
            StatsAggregator binary = new StatsAggregator();
            StatsAggregator mixed = new StatsAggregator();
            for (int i = 0; i < deltas.size(); i++) {
                StatsDelta delta = deltas.get(i);
                StatsReport report = new StatsReport("w" + i % 3, "run", i / 3 + 1, delta, false);
                json.merge(StatsAggregator.decode(((StatsReport) LinkCodec.decode(LinkCodec.encode(report))).delta()));
                StatsAggregator.Decoded fromFrame = StatsReportFrame.decode(ByteBuffer.wrap(StatsReportFrame.encode(report))).decoded();
                binary.merge(fromFrame);
                // One worker of the three still sends JSON (an older one).
                mixed.merge(i % 3 == 0 ? StatsAggregator.decode(delta) : fromFrame);
            }
            StatsSnapshot expected = json.snapshot(now);
            for (StatsSnapshot actual : List.of(binary.snapshot(now), mixed.snapshot(now))) {
                assertSameRows(actual, expected);
                assertThat(actual.iterations().started()).isEqualTo(expected.iterations().started()).isPositive();
                assertThat(actual.iterations().dropped()).isEqualTo(expected.iterations().dropped()).isPositive();
                for (double q : QUANTILES) {
                    assertThat(actual.iterations().scheduleLag().percentileMillis(q))
                            .isEqualTo(expected.iterations().scheduleLag().percentileMillis(q));
                }
            }
        }
    }

    @Test
    void aBrokenHistogramFailsTheDecodeAndNothingIsMerged() {
        StatsDelta broken = new StatsDelta(1_000, 2_000, List.of(
                new StatsDelta.EntryDelta("GET", "/ok", 1, 0, 5, 5, 5, 0, encoded(5)),
                new StatsDelta.EntryDelta("GET", "/bad", 1, 0, 5, 5, 5, 0, "not base64!")), List.of());
        assertThatThrownBy(() -> StatsAggregator.decode(broken)).isInstanceOf(IllegalArgumentException.class);
        StatsAggregator aggregator = new StatsAggregator();
        assertThatThrownBy(() -> aggregator.merge(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(aggregator.snapshot(3_000).total().numRequests()).isZero();
        assertThat(aggregator.snapshot(3_000).entries()).isEmpty();
    }

    private static String encoded(long micros) {
        Histogram histogram = HistogramCodec.newHistogram();
        histogram.recordValue(micros);
        return HistogramCodec.encode(histogram);
    }

    /** Three workers' deltas over 12 seconds: three names, some late starts (corrected), errors, iterations. */
    private static List<StatsDelta> workerDeltas() {
        return workerDeltas(HistogramCodec.Encoding.COMPRESSED);
    }

    /** The same samples every call, drained with the histograms in {@code encoding}. */
    private static List<StatsDelta> workerDeltas(HistogramCodec.Encoding encoding) {
        SplittableRandom random = new SplittableRandom(7);
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        List<StatsRecorder> workers = List.of(new StatsRecorder(clock::get), new StatsRecorder(clock::get),
                new StatsRecorder(clock::get));
        List<StatsDelta> deltas = new ArrayList<>();
        String[] names = {"/a", "/b", "/c"};
        for (int second = 0; second < 12; second++) {
            for (int i = 0; i < 3_000; i++) {
                long micros = Math.max(1, Math.round(Math.exp(8 + 1.3 * random.nextGaussian())));
                long corrected = i % 5 == 0 ? micros + random.nextLong(1, 500_000) : micros;
                String error = i % 53 == 0 ? (i % 2 == 0 ? "HTTPError('500')" : "ConnectionRefused") : null;
                workers.get(i % 3).record("GET", names[i % names.length], micros, corrected, 100, error);
            }
            StatsRecorder open = workers.get(second % 3);
            for (int i = 0; i < 40; i++) {
                open.iterationStarted();
                open.scheduleLag(random.nextLong(10, 5_000));
            }
            open.iterationDropped();
            clock.addAndGet(1000);
            for (StatsRecorder worker : workers) {
                deltas.add(worker.drain(encoding));
            }
        }
        return deltas;
    }

    private static void assertSameStats(RequestStats actual, RequestStats expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.numRequests()).isEqualTo(expected.numRequests()).isPositive();
        assertThat(actual.numFailures()).isEqualTo(expected.numFailures()).isPositive();
        assertThat(actual.totalResponseTimeMicros()).isEqualTo(expected.totalResponseTimeMicros());
        assertThat(actual.minResponseTimeMicros()).isEqualTo(expected.minResponseTimeMicros());
        assertThat(actual.maxResponseTimeMicros()).isEqualTo(expected.maxResponseTimeMicros());
        assertThat(actual.totalContentLength()).isEqualTo(expected.totalContentLength());
        assertThat(actual.currentRps()).isEqualTo(expected.currentRps());
        for (double q : QUANTILES) {
            assertThat(actual.percentileMillis(q)).isEqualTo(expected.percentileMillis(q));
            assertThat(actual.correctedPercentileMillis(q)).isEqualTo(expected.correctedPercentileMillis(q));
        }
    }

    /** The same rows (three), errors and current percentiles in both snapshots. */
    private static void assertSameRows(StatsSnapshot actual, StatsSnapshot expected) {
        assertSameStats(actual.total(), expected.total());
        assertThat(actual.entries()).hasSameSizeAs(expected.entries()).hasSize(3);
        for (int i = 0; i < expected.entries().size(); i++) {
            assertSameStats(actual.entries().get(i), expected.entries().get(i));
        }
        assertThat(actual.errors()).isEqualTo(expected.errors()).isNotEmpty();
        for (double q : QUANTILES) {
            assertThat(actual.currentResponseTimePercentileMillis(q)).isEqualTo(expected.currentResponseTimePercentileMillis(q));
        }
    }
}
