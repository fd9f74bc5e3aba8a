package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.stampede.coordinator.support.Deltas;
import io.stampede.core.link.StatsReport;
import org.junit.jupiter.api.Test;

/**
 * What {@link RunStats} says a worker that died without its last report may have taken along:
 * its own pace × the window since its last report, and, when it died before anyone had reported a
 * pace (a kill in the run's first second), its peers' pace once they report one.
 */
class WorkerLossEstimateTest {

    private static final long T0 = 1_000_000L;
    private final RunStats stats = new RunStats();
    private final Map<String, Long> sequences = new java.util.HashMap<>();

    @Test
    void aWorkerThatDiesIsTakenAtItsOwnLastPace() {
        stats.newRun(T0);
        report("a", T0, T0 + 1000, 200);
        report("b", T0, T0 + 1000, 200);

        RunStats.Unaccounted lost = stats.workerLost("a", T0 + 1500, false, 999, 2);

        assertThat(lost.requests()).isEqualTo(100); // 200/s × 0.5 s: its own pace, not the peers' 999
        assertThat(lost.unpriced()).isFalse();
        assertThat(stats.unaccountedRequests()).isEqualTo(100);
    }

    @Test
    void aWorkerThatDiesBeforeAnyPaceIsPricedAtItsPeersPaceOnceTheyReportOne() {
        stats.newRun(T0);
        report("a", T0, T0 + 1000, 0); // the ramp's first second: nobody has made a request yet
        report("b", T0, T0 + 1000, 0);
        report("c", T0, T0 + 1000, 0);

        RunStats.Unaccounted lost = stats.workerLost("a", T0 + 1800, false, 0, 2);
        assertThat(lost.unpriced()).as("no pace to take yet").isTrue();
        assertThat(stats.unaccountedRequests()).isZero();
        assertThat(stats.hasUnpricedLosses()).isTrue();

        // b's interval straddles the death: it says nothing of the load after the redistribution.
        report("b", T0 + 1000, T0 + 2000, 300);
        assertThat(stats.priceUnpricedLosses(Map.of("b", 3.0, "c", 3.0))).isEmpty();
        // c's first interval after the death, with a's users on it: 3 users' weight made 450/s.
        report("c", T0 + 2000, T0 + 3000, 450);
        var priced = stats.priceUnpricedLosses(Map.of("b", 3.0, "c", 3.0));

        assertThat(priced).hasSize(1);
        assertThat(priced.getFirst().workerId()).isEqualTo("a");
        assertThat(priced.getFirst().loss().requestsPerSecond()).isEqualTo(300.0); // 450/s ÷ 3 × its weight 2
        assertThat(stats.unaccountedRequests()).isEqualTo(240); // 300/s × 0.8 s since its last report
        assertThat(stats.hasUnpricedLosses()).isFalse();
        assertThat(stats.priceUnpricedLosses(Map.of("b", 3.0, "c", 3.0))).as("priced once").isEmpty();
        assertThat(stats.unaccountedRequests()).isEqualTo(240);
    }

    @Test
    void anUnpricedLossIsDroppedWhenTheWorkersOwnReportOfTheWindowArrivesAfterAll() {
        stats.newRun(T0);
        report("a", T0, T0 + 1000, 0);
        stats.workerLost("a", T0 + 2000, true, 0, 1); // frozen, then thawed: its report comes late

        report("a", T0 + 1000, T0 + 2000, 120);

        assertThat(stats.hasUnpricedLosses()).isFalse();
        report("b", T0 + 2000, T0 + 3000, 500);
        assertThat(stats.priceUnpricedLosses(Map.of("b", 1.0))).isEmpty();
        assertThat(stats.unaccountedRequests()).isZero();
    }

    @Test
    void aNewRunForgetsUnpricedLosses() {
        stats.newRun(T0);
        stats.workerLost("a", T0 + 700, false, 0, 1);
        assertThat(stats.hasUnpricedLosses()).isTrue();

        stats.newRun(T0 + 10_000);

        assertThat(stats.hasUnpricedLosses()).isFalse();
    }

    private void report(String worker, long start, long end, long requests) {
        long sequence = sequences.merge(worker, 1L, Long::sum);
        stats.merge(new StatsReport(worker, "run", sequence, Deltas.get(start, end, requests, 0, 1000), false));
    }
}
