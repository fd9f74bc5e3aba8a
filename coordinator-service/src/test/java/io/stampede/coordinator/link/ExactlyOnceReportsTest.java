package io.stampede.coordinator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Each (worker, run, sequence) reaches the aggregator once, whatever the link redelivers. */
class ExactlyOnceReportsTest {

    private static final long BASE = 1_700_000_000_000L;

    private final StatsAggregator aggregator = new StatsAggregator();
    private final ExactlyOnceReports reports = new ExactlyOnceReports();

    private boolean deliver(String worker, String run, long sequence, StatsDelta delta) {
        return reports.deliver(worker, run, sequence, delta, aggregator::merge);
    }

    private long merged() {
        return aggregator.snapshot(BASE + 60_000).numRequests();
    }

    @Test
    void sameWorkerSequenceIsMergedOnce() {
        StatsDelta delta = delta(BASE, 1);
        assertThat(deliver("w1", "r", 1, delta)).isTrue();
        assertThat(deliver("w1", "r", 1, delta)).isFalse();
        assertThat(deliver("w2", "r", 1, delta)).isTrue();
        // Out of order: 3 before 2, then both resent.
        assertThat(deliver("w1", "r", 3, delta)).isTrue();
        assertThat(deliver("w1", "r", 2, delta)).isTrue();
        assertThat(deliver("w1", "r", 3, delta)).isFalse();
        assertThat(deliver("w1", "r", 2, delta)).isFalse();
        assertThat(merged()).isEqualTo(4);
    }

    @Test
    void eachRunHasItsOwnSequences() {
        StatsDelta delta = delta(BASE, 3);
        assertThat(deliver("w1", "run-1", 1, delta)).isTrue();
        assertThat(deliver("w1", "run-2", 1, delta)).isTrue();
        assertThat(deliver("w1", "run-2", 1, delta)).isFalse();
        assertThat(merged()).isEqualTo(6);
    }

    @Test
    void aWorkerRestartedUnderTheSameIdStartsANewSeries() {
        // First process: sequences 1..6.
        for (int s = 0; s < 5; s++) {
            assertThat(deliver("w1", "r", s + 1, delta(BASE + s * 1000L, 10))).isTrue();
        }
        StatsDelta lastOfFirst = delta(BASE + 5000, 10);
        assertThat(deliver("w1", "r", 6, lastOfFirst)).isTrue();
        // The restarted process numbers from 1 again, later in time.
        StatsDelta first = delta(BASE + 20_000, 7);
        assertThat(deliver("w1", "r", 1, first)).isTrue();
        assertThat(deliver("w1", "r", 2, delta(BASE + 21_000, 7))).isTrue();
        // Resends of the new series' and of the old series' reports are still duplicates.
        assertThat(deliver("w1", "r", 1, first)).isFalse();
        assertThat(deliver("w1", "r", 6, lastOfFirst)).isFalse();
        assertThat(merged()).isEqualTo(74);
    }

    @Test
    void aStatsResetDoesNotBringOldReportsBack() {
        StatsDelta delta = delta(BASE, 1);
        deliver("w1", "r", 1, delta);
        aggregator.reset(BASE + 1);
        assertThat(merged()).isZero();
        assertThat(deliver("w1", "r", 1, delta)).isFalse();
        assertThat(deliver("w1", "r", 2, delta(BASE + 1000, 1))).isTrue();
        assertThat(merged()).isEqualTo(1);
    }

    @Test
    void aReportTheMergeRejectsIsNotMarkedDelivered() {
        StatsDelta bad = new StatsDelta(BASE - 1000, BASE,
                List.of(new StatsDelta.EntryDelta("GET", "/", 1, 0, 5, 5, 5, 0, "not base64!")), List.of());
        assertThatThrownBy(() -> deliver("w1", "r", 1, bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(deliver("w1", "r", 1, delta(BASE, 2))).as("the sequence is still free").isTrue();
        assertThat(merged()).isEqualTo(2);
    }

    @Test
    void pastTheCapTheOldestGapIsGivenUp() {
        // Sequence 1 never arrives; 2 .. cap+2 do: the window gives up waiting for 1.
        for (long s = 2; s <= ExactlyOnceReports.MAX_PENDING_SEQUENCES + 2; s++) {
            deliver("w1", "r", s, delta(BASE + s, 1));
        }
        assertThat(deliver("w1", "r", 1, delta(BASE + 1, 1))).isFalse();
        assertThat(deliver("w1", "r", ExactlyOnceReports.MAX_PENDING_SEQUENCES + 3,
                delta(BASE + ExactlyOnceReports.MAX_PENDING_SEQUENCES + 3, 1))).isTrue();
    }

    @Test
    void clearForgetsEveryWindow() {
        StatsDelta delta = delta(BASE, 1);
        deliver("w1", "r", 1, delta);
        reports.clear();
        assertThat(deliver("w1", "r", 1, delta)).isTrue();
    }

    /** One second ending at {@code end} with {@code n} GET / requests of 1 ms. */
    private static StatsDelta delta(long end, long n) {
        Histogram h = HistogramCodec.newHistogram();
        h.recordValueWithCount(1000, n);
        return new StatsDelta(end - 1000, end, List.of(new StatsDelta.EntryDelta("GET", "/", n, 0, n * 1000, 1000,
                1000, 0, HistogramCodec.encode(h))), List.of());
    }
}
