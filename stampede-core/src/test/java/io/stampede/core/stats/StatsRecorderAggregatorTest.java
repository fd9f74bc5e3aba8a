package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatsRecorderAggregatorTest {

    @Test
    void mergedWorkerDeltasGiveExactCountsAndPercentilesWithinOnePercent() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 100_000;
        long[] values = new long[n];
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        List<StatsRecorder> workers = List.of(new StatsRecorder(clock::get), new StatsRecorder(clock::get),
                new StatsRecorder(clock::get));
        StatsAggregator aggregator = new StatsAggregator();
        long failures = 0;
        long contentLength = 0;
        for (int i = 0; i < n; i++) {
            // Log-normal: most requests near 5 ms, a long tail up to seconds.
            long micros = Math.max(1, Math.round(Math.exp(8.5 + 1.2 * gaussian(random))));
            values[i] = micros;
            String error = i % 97 == 0 ? "HTTPError('500 Server Error')" : null;
            failures += error == null ? 0 : 1;
            contentLength += i % 1000;
            workers.get(i % workers.size()).record("GET", i % 2 == 0 ? "/a" : "/b", micros, i % 1000, error);
            if (i % 7_919 == 0) {
                clock.addAndGet(1000);
                int w = random.nextInt(workers.size());
                aggregator.merge(workers.get(w).drain());
            }
        }
        for (int w = 0; w < workers.size(); w++) {
            aggregator.merge(workers.get(w).drain());
        }

        StatsSnapshot snapshot = aggregator.snapshot(clock.get());
        RequestStats total = snapshot.total();
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(total.numRequests()).isEqualTo(n);
        assertThat(total.numFailures()).isEqualTo(failures);
        assertThat(total.totalResponseTimeMicros()).isEqualTo(Arrays.stream(values).sum());
        assertThat(total.minResponseTimeMicros()).isEqualTo(sorted[0]);
        assertThat(total.maxResponseTimeMicros()).isEqualTo(sorted[n - 1]);
        assertThat(total.totalContentLength()).isEqualTo(contentLength);
        assertThat(total.responseTimes().count()).isEqualTo(n);
        for (double q : new double[] {0.01, 0.1, 0.25, 0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0}) {
            double exact = exactQuantile(sorted, q) / 1000.0;
            assertThat(total.percentileMillis(q)).as("p%s", q * 100).isCloseTo(exact, within(exact * 0.01));
        }
        assertThat(snapshot.entries()).extracting(RequestStats::name).containsExactly("/a", "/b");
        assertThat(snapshot.entries().stream().mapToLong(RequestStats::numRequests).sum()).isEqualTo(n);
        long expectedFailures = failures;
        assertThat(snapshot.errors()).hasSize(2).allSatisfy(e -> assertThat(e.error()).isEqualTo("HTTPError('500 Server Error')"));
        assertThat(snapshot.errors().stream().mapToLong(ErrorStats::occurrences).sum()).isEqualTo(expectedFailures);
        // Per row percentiles are exact merges too.
        long[] a = new long[n / 2];
        for (int i = 0; i < n; i += 2) {
            a[i / 2] = values[i];
        }
        Arrays.sort(a);
        RequestStats rowA = snapshot.find("GET", "/a").orElseThrow();
        assertThat(rowA.percentileMillis(0.99)).isCloseTo(exactQuantile(a, 0.99) / 1000.0, within(exactQuantile(a, 0.99) / 1000.0 * 0.01));
    }

    @Test
    void drainedDeltaIsConsistentAndEmptyKeysAreOmitted() {
        AtomicLong clock = new AtomicLong(10_000);
        StatsRecorder recorder = new StatsRecorder(clock::get);
        recorder.record("GET", "/x", 1500, 10, null);
        recorder.record("GET", "/x", 2500, 30, "boom");
        recorder.record("POST", "/x", 700, 0, "boom");
        clock.set(11_000);
        StatsDelta first = recorder.drain();
        assertThat(first.startEpochMillis()).isEqualTo(10_000);
        assertThat(first.endEpochMillis()).isEqualTo(11_000);
        StatsDelta.EntryDelta get = first.entries().stream().filter(e -> e.method().equals("GET")).findFirst().orElseThrow();
        assertThat(get.numRequests()).isEqualTo(2);
        assertThat(get.numFailures()).isEqualTo(1);
        assertThat(get.totalResponseTimeMicros()).isEqualTo(4000);
        assertThat(get.minResponseTimeMicros()).isEqualTo(1500);
        assertThat(get.maxResponseTimeMicros()).isEqualTo(2500);
        assertThat(get.totalContentLength()).isEqualTo(40);
        assertThat(ResponseTimeDistribution.decode(get.histogram()).count()).isEqualTo(2);
        assertThat(first.failures()).containsExactlyInAnyOrder(new StatsDelta.FailureDelta("GET", "/x", "boom", 1),
                new StatsDelta.FailureDelta("POST", "/x", "boom", 1));

        clock.set(12_000);
        StatsDelta second = recorder.drain();
        recorder.record(null, null, 5, 0, null);
        assertThat(recorder.drain().entries()).singleElement()
                .satisfies(e -> assertThat(e.method() + e.name()).isEmpty());
        assertThat(second.isEmpty()).isTrue();
        assertThat(second.startEpochMillis()).isEqualTo(11_000);
    }

    @Test
    void undecodableHistogramIsRejectedWithoutPartialMerge() {
        StatsDelta bad = new StatsDelta(0, 1000, List.of(new StatsDelta.EntryDelta("GET", "/", 1, 0, 5, 5, 5, 0, "not base64!")),
                List.of());
        StatsAggregator aggregator = new StatsAggregator();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> aggregator.merge(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HdrHistogram");
        assertThat(aggregator.snapshot(2000).numRequests()).isZero();
    }

    @Test
    void currentRpsAveragesTheLastTenCompleteSeconds() {
        StatsAggregator aggregator = new StatsAggregator();
        long base = 1_700_000_000_000L;
        // 30 seconds of 1 report/second/worker; worker w1: 10 req/s, w2: 30 req/s (1 failure/s).
        for (int s = 0; s < 30; s++) {
            aggregator.merge(delta(base + s * 1000L, 10, 0, 2000));
            aggregator.merge(delta(base + s * 1000L + 300, 30, 1, 4000));
        }
        // Seconds 0..29 are filled (the delta ending in second s covers second s-1..s).
        StatsSnapshot snapshot = aggregator.snapshot(base + 31_500);
        assertThat(snapshot.currentRps()).isCloseTo(40, within(1e-9));
        assertThat(snapshot.currentFailPerSec()).isCloseTo(1, within(1e-9));
        assertThat(snapshot.total().totalRps()).isCloseTo(1200.0 / 30.3, within(1e-6));
        assertThat(snapshot.currentResponseTimePercentileMillis(0.5)).isCloseTo(4.0, within(0.01));
        assertThat(snapshot.lastSecond().numRequests()).isEqualTo(0); // second 30: no reports

        // At second 36 the window is [25, 34]: seconds 25..29 hold reports, 30..34 are empty.
        StatsSnapshot later = aggregator.snapshot(base + 36_000);
        assertThat(later.currentRps()).isCloseTo(40 * 5 / 10.0, within(1e-9));
        // Long after, nothing current is left but the totals stay.
        StatsSnapshot idle = aggregator.snapshot(base + 120_000);
        assertThat(idle.currentRps()).isZero();
        assertThat(idle.currentResponseTimePercentileMillis(0.95)).isZero();
        assertThat(idle.numRequests()).isEqualTo(1200);
        // A row's current rps too.
        assertThat(snapshot.find("GET", "/r").orElseThrow().currentRps()).isCloseTo(40, within(1e-9));
    }

    @Test
    void currentRpsStartsAtTheFirstSample() {
        StatsAggregator aggregator = new StatsAggregator();
        long base = 1_700_000_000_000L;
        for (int s = 0; s < 4; s++) {
            aggregator.merge(delta(base + s * 1000L, 10, 0, 1000));
        }
        // First interval starts at base - 1000 (second -1); window [-1, 2] holds 3 reported seconds of 10.
        assertThat(aggregator.snapshot(base + 4_200).currentRps()).isCloseTo(30 / 4.0, within(1e-9));
    }

    /** A delta of one second ending at {@code end}: n requests of {@code micros} each, f of them failed. */
    static StatsDelta delta(long end, int n, int f, long micros) {
        AtomicLong clock = new AtomicLong(end - 1000);
        StatsRecorder recorder = new StatsRecorder(clock::get);
        for (int i = 0; i < n; i++) {
            recorder.record("GET", "/r", micros, 100, i < f ? "err" : null);
        }
        clock.set(end);
        return recorder.drain();
    }

    static long exactQuantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
