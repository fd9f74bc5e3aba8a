package io.stampede.core.stats;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Both latencies of every request, from the worker's recorder through the wire to the merged rows. */
class CorrectedLatencyStatsTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void requestsThatStartedOnTimeShipNoSecondHistogramAndReportEqualPercentiles() {
        StatsRecorder worker = new StatsRecorder(clock::get);
        for (int i = 1; i <= 1000; i++) {
            worker.record("GET", "/", i, 0, null);
        }
        StatsDelta delta = worker.drain();
        assertThat(delta.entries().getFirst().correctedHistogram()).isNull();
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge(delta);
        RequestStats row = aggregator.snapshot(clock.get()).total();
        assertThat(row.correctedPercentileMillis(0.99)).isEqualTo(row.percentileMillis(0.99));
    }

    @Test
    void aStallShowsInTheCorrectedTailButNotInTheServiceTime() {
        // 990 requests of 1 ms on time; 10 requests of 1 ms that were due 1 s before they could be sent.
        StatsRecorder worker = new StatsRecorder(clock::get);
        for (int i = 0; i < 990; i++) {
            worker.record("GET", "/", 1_000, 1_000, 0, null);
        }
        for (int i = 0; i < 10; i++) {
            worker.record("GET", "/", 1_000, 1_001_000, 0, null);
        }
        worker.iterationStarted();
        worker.iterationDropped();
        StatsDelta delta = worker.drain();
        assertThat(delta.entries().getFirst().correctedHistogram()).isNotNull();
        assertThat(delta.iterations()).isEqualTo(new StatsDelta.Iterations(1, 1));

        StatsAggregator aggregator = new StatsAggregator();
        // An earlier report without late requests: the merged row must keep those samples in the corrected view.
        StatsRecorder other = new StatsRecorder(clock::get);
        for (int i = 0; i < 1000; i++) {
            other.record("GET", "/", 1_000, 0, null);
        }
        aggregator.merge(other.drain());
        aggregator.merge(delta);
        StatsSnapshot snapshot = aggregator.snapshot(clock.get());
        RequestStats row = snapshot.find("GET", "/").orElseThrow();
        assertThat(row.numRequests()).isEqualTo(2000);
        assertThat(row.correctedResponseTimes().count()).isEqualTo(2000);
        assertThat(row.percentileMillis(0.999)).isCloseTo(1.0, within(0.01));
        assertThat(row.correctedPercentileMillis(0.999)).isCloseTo(1001.0, within(10.0));
        assertThat(row.correctedPercentileMillis(0.99)).isCloseTo(1.0, within(0.01));
        assertThat(snapshot.total().correctedPercentileMillis(0.999)).isCloseTo(1001.0, within(10.0));
        assertThat(snapshot.iterations().started()).isEqualTo(1);
        assertThat(snapshot.iterations().dropped()).isEqualTo(1);
    }

    @Test
    void aCorrectedTimeBelowTheServiceTimeIsRaisedToIt() {
        StatsRecorder worker = new StatsRecorder(clock::get);
        worker.record("GET", "/", 5_000, 10, 0, null);
        StatsDelta delta = worker.drain();
        assertThat(delta.entries().getFirst().correctedHistogram()).isNull();
    }
}
