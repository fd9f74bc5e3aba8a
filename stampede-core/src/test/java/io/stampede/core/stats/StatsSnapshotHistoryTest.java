package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatsSnapshotHistoryTest {

    @Test
    void rowForNameCombinesMethodsWithExactlyMergedHistograms() {
        AtomicLong clock = new AtomicLong(1_000_000);
        StatsRecorder recorder = new StatsRecorder(clock::get);
        for (int i = 1; i <= 100; i++) {
            recorder.record("GET", "/todo", i * 1000L, 10, null);
            recorder.record("PUT", "/todo", (100 + i) * 1000L, 20, i <= 5 ? "409" : null);
        }
        recorder.record("GET", "/other", 1, 0, null);
        clock.addAndGet(1000);
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge("w", 1, recorder.drain());
        StatsSnapshot snapshot = aggregator.snapshot(clock.get());

        RequestStats todo = snapshot.rowForName("/todo").orElseThrow();
        assertThat(todo.numRequests()).isEqualTo(200);
        assertThat(todo.numFailures()).isEqualTo(5);
        assertThat(todo.minResponseTimeMillis()).isEqualTo(1.0);
        assertThat(todo.maxResponseTimeMillis()).isEqualTo(200.0);
        assertThat(todo.percentileMillis(0.5)).isCloseTo(100.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(todo.percentileMillis(0.99)).isCloseTo(198.0, org.assertj.core.api.Assertions.within(0.2));
        assertThat(todo.avgContentLength()).isEqualTo(15.0);
        assertThat(snapshot.rowForName("/other").orElseThrow().method()).isEqualTo("GET");
        assertThat(snapshot.rowForName("Aggregated").orElseThrow().numRequests()).isEqualTo(201);
        assertThat(snapshot.rowForName("/missing")).isEmpty();
        assertThatThrownBy(() -> todo.responseTimes().valueAtQuantileMicros(1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyIsBoundedAndPollableBySampleTime() {
        StatsHistory history = new StatsHistory(3);
        StatsAggregator aggregator = new StatsAggregator();
        for (int s = 1; s <= 5; s++) {
            history.sample(aggregator.snapshot(s * 1000L), s);
        }
        assertThat(history.size()).isEqualTo(3);
        assertThat(history.samples()).extracting(HistorySample::userCount).containsExactly(3, 4, 5);
        assertThat(history.samplesAfter(3000)).extracting(HistorySample::userCount).containsExactly(4, 5);
        history.clear();
        assertThat(history.samples()).isEmpty();
        assertThatThrownBy(() -> new StatsHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyKeepsTheSecondAndTheWindowValues() {
        StatsAggregator aggregator = new StatsAggregator();
        long base = 1_700_000_000_000L;
        StatsHistory history = new StatsHistory();
        for (int s = 0; s < 15; s++) {
            // 10 fast requests every second, and 1 slow one in second 10.
            AtomicLong clock = new AtomicLong(base + s * 1000L);
            StatsRecorder recorder = new StatsRecorder(clock::get);
            for (int i = 0; i < 10; i++) {
                recorder.record("GET", "/", 1000, 0, null);
            }
            if (s == 10) {
                recorder.record("GET", "/", 900_000, 0, "timeout");
            }
            clock.addAndGet(900);
            aggregator.merge("w", s + 1, recorder.drain());
            history.sample(aggregator.snapshot(base + (s + 1) * 1000L + 100), 10);
        }
        HistorySample atSlowSecond = history.samples().get(10);
        assertThat(atSlowSecond.secondRps()).isEqualTo(11);
        assertThat(atSlowSecond.secondFailPerSec()).isEqualTo(1);
        // Within HdrHistogram's 3 significant digits (0.1%).
        assertThat(atSlowSecond.secondP99Millis()).isCloseTo(900.0, org.assertj.core.api.Assertions.within(0.9));
        assertThat(atSlowSecond.secondP50Millis()).isEqualTo(1.0);
        assertThat(history.samples().get(11).secondP99Millis()).isEqualTo(1.0);
        assertThat(atSlowSecond.totalRequests()).isEqualTo(111);
        assertThat(atSlowSecond.totalFailures()).isEqualTo(1);
        assertThat(atSlowSecond.cumulativePercentilesMillis()).hasSize(StatsSnapshot.REPORTED_PERCENTILES.size());
        assertThat(atSlowSecond.cumulativePercentilesMillis().getLast()).isEqualTo(900.0);
        assertThat(history.samples().getLast().currentRps()).isCloseTo(10.1, org.assertj.core.api.Assertions.within(1e-9));
    }
}
