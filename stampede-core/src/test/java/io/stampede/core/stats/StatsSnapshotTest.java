package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatsSnapshotTest {

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
        aggregator.merge(recorder.drain());
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
}
