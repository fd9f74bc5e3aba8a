package io.stampede.coordinator.report;

import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsSnapshot;
import io.stampede.core.stats.StatsRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatsHistoryTest {

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
            aggregator.merge(recorder.drain());
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
