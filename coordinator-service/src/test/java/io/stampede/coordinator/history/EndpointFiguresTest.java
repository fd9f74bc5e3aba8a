package io.stampede.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.stampede.coordinator.report.LocustStatsDocument;
import io.stampede.coordinator.report.RunStatusView;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.core.stats.StatsSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Figures taken from the typed stats equal those read back from the stored stats document. */
class EndpointFiguresTest {

    private static final long DURATION = 12_345;

    @Test
    void typedAndStoredFiguresAgreeForEveryRow() {
        StatsSnapshot snapshot = snapshot();
        JsonNode document = SampleRuns.MAPPER.valueToTree(LocustStatsDocument.build(snapshot,
                new RunStatusView("stopped", 0, List.of())));
        List<RequestStats> rows = snapshot.rowsWithTotal();
        assertThat(document.path("stats")).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            EndpointFigures typed = EndpointFigures.of(rows.get(i), DURATION);
            assertThat(typed).isEqualTo(EndpointFigures.of(document.path("stats").get(i), DURATION));
        }
        RunTotals totals = RunTotals.of(snapshot, DURATION);
        assertThat(totals.requests()).isEqualTo(300);
        assertThat(totals.failures()).isEqualTo(10);
        assertThat(totals.failRatio()).isEqualTo(10 / 300.0);
        assertThat(totals.rps()).isEqualTo(300 / 12.345);
        assertThat(totals.max()).isEqualTo(250.0);
        assertThat(totals.p50()).isEqualTo(EndpointFigures.of(snapshot.total(), DURATION).p50());
    }

    private static StatsSnapshot snapshot() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        StatsRecorder recorder = new StatsRecorder(clock::get);
        for (int i = 1; i <= 100; i++) {
            recorder.record("GET", "/a", i * 1_234L, 10, null);
            recorder.record("POST", "/a", i * 2_500L, 10, i % 10 == 0 ? "HTTP 500" : null);
            recorder.record("GET", "/b", 777, 10, null);
        }
        clock.addAndGet(1000);
        StatsAggregator aggregator = new StatsAggregator();
        aggregator.merge(recorder.drain());
        return aggregator.snapshot(clock.get());
    }
}
