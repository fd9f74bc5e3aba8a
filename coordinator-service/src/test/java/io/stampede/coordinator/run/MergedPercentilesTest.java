package io.stampede.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.stampede.coordinator.support.LinkTestWorker;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.link.StartLoad;
import io.stampede.core.stats.StatsRecorder;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import io.stampede.testing.Await;

/**
 * The stats pipeline (worker recorder → StatsReport over the link → merge → Locust document)
 * on known samples: the reported percentiles equal the exact nearest-rank percentiles of all
 * samples of both workers within 1 %. One worker sends JSON reports (as older workers do), the
 * other binary frames; a binary frame that is not a report is dropped and the link goes on.
 */
class MergedPercentilesTest {

    @Test
    void percentilesOfMergedReportsMatchTheExactOnes() throws Exception {
        try (TestCoordinator coordinator = new TestCoordinator(Duration.ofSeconds(3));
             LinkTestWorker a = coordinator.worker("a");
             LinkTestWorker b = coordinator.worker("b")) {
            Await.until("2 workers", Duration.ofSeconds(5), () -> coordinator.registry.size() == 2);
            Run run = coordinator.run.swarm(new SwarmCommand(2, 2, null, null));
            a.await(StartLoad.class, Duration.ofSeconds(5));
            b.await(StartLoad.class, Duration.ofSeconds(5));

            Random random = new Random(42);
            List<Long> all = new ArrayList<>();
            for (LinkTestWorker w : List.of(a, b)) {
                // Each worker sends 5 reports; the two workers have different distributions.
                double scale = w == a ? 20_000 : 80_000;
                for (int report = 0; report < 5; report++) {
                    StatsRecorder recorder = new StatsRecorder();
                    for (int i = 0; i < 4000; i++) {
                        long micros = Math.max(100, (long) (scale * Math.exp(random.nextGaussian() * 0.8)));
                        recorder.record("GET", "/item", micros, 100, null);
                        all.add(micros);
                    }
                    if (w == a) {
                        w.report(run.id(), recorder.drain(), report == 4);
                    } else {
                        w.reportBinary(run.id(), recorder.drain(), report == 4);
                        w.sendBinary(new byte[] {1, 2, 3}); // dropped with a warning, nothing merged
                    }
                }
            }
            Await.until("all merged", Duration.ofSeconds(10),
                    () -> coordinator.run.snapshot().numRequests() == all.size());
            all.sort(null);

            Map<String, Object> document = new RunReports(coordinator.run).statsDocument();
            @SuppressWarnings("unchecked")
            Map<String, Object> aggregated = ((List<Map<String, Object>>) document.get("stats")).getLast();
            for (double q : List.of(0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999)) {
                double exactMillis = all.get((int) Math.ceil(q * all.size()) - 1) / 1000.0;
                String key = "response_time_percentile_" + q;
                double reported = ((Number) aggregated.get(key)).doubleValue();
                assertThat(reported).as(key).isCloseTo(exactMillis, Percentage.withPercentage(1));
            }
            assertThat(((Number) aggregated.get("num_requests")).longValue()).isEqualTo(all.size());
            assertThat(coordinator.registry.size()).as("both links still up").isEqualTo(2);
        }
    }
}
