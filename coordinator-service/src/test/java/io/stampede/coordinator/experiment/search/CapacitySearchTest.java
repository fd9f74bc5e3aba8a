package io.stampede.coordinator.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.experiment.search.SearchResult.Outcome;

/**
 * The algorithm against a simulated M/M/1 queue: service rate μ, p99 of the time in system
 * = ln(100) / (μ − λ) while λ < μ, and the server finishes at most μ/s. Under the SLO
 * "corrected p99 ≤ 200 ms" its knee is λ* = μ − ln(100) / 0.2 s exactly.
 */
class CapacitySearchTest {

    private static final Duration HOLD = Duration.ofSeconds(10);

    /** An M/M/1 queue with service rate {@code mu}/s; records every rate it was asked for. */
    record Queue(double mu, List<Double> asked) implements RateProbe {
        Queue(double mu) {
            this(mu, new ArrayList<>());
        }

        @Override
        public ProbeResult probe(double rate, Duration hold) {
            asked.add(rate);
            double p99 = rate < mu ? Math.log(100) / (mu - rate) * 1000 : 60_000;
            double p50 = rate < mu ? Math.log(2) / (mu - rate) * 1000 : 30_000;
            return new ProbeResult(rate, Math.min(rate, mu), p50 * 0.8, p99 * 0.8, p50, p99, 0);
        }

        double knee(double maxP99Millis) {
            return mu - Math.log(100) / (maxP99Millis / 1000);
        }
    }

    @Test
    void findsTheKneeOfAQueueWithinFivePercentInBoundedSteps() throws Exception {
        Queue queue = new Queue(1000);
        SearchPlan plan = SearchPlan.doubling(50, 100_000, HOLD);
        SearchResult result = new CapacitySearch(plan, Slo.p99AtMost(200)).run(queue);

        double knee = queue.knee(200); // ≈ 977/s
        assertThat(result.outcome()).isEqualTo(Outcome.CONVERGED);
        assertThat(result.sustainableRate()).isPresent();
        double found = result.sustainableRate().getAsDouble();
        assertThat(found).isLessThanOrEqualTo(knee).isGreaterThanOrEqualTo(knee * 0.95);
        assertThat(result.firstBreakingRate().getAsDouble()).isGreaterThan(knee);
        // 50..1600 doubling: 6 ramp steps; 800..1600 bisected to 5 %: at most ceil(log2(1 / 0.05)) = 5 more
        assertThat(result.points()).hasSizeLessThanOrEqualTo(11);
        assertThat(queue.asked()).hasSize(result.points().size());
        assertThat(result.points()).allSatisfy(p -> assertThat(p.meetsSlo()).isEqualTo(p.rate() <= knee));
        assertThat(result.points()).filteredOn(p -> !p.meetsSlo())
                .allSatisfy(p -> assertThat(p.breaches()).anySatisfy(b -> assertThat(b).startsWith("corrected p99")));
        assertThat(result.sustainablePoint()).hasValueSatisfying(p -> assertThat(p.rate()).isEqualTo(found));
        assertThat(result.meetsMinimum(900)).isTrue();
        assertThat(result.meetsMinimum(1000)).isFalse();
    }

    @Test
    void additiveStepsAndOtherKneesConvergeToo() throws Exception {
        for (double mu : new double[] {37, 140, 2_500, 9_000}) {
            Queue queue = new Queue(mu);
            SearchPlan plan = new SearchPlan(10, 1, 500, 20_000, 0.05, HOLD, 40, Duration.ZERO);
            SearchResult result = new CapacitySearch(plan, Slo.p99AtMost(500)).run(queue);
            double knee = queue.knee(500);
            if (knee < 10) {
                assertThat(result.outcome()).as("mu %s", mu).isEqualTo(Outcome.START_RATE_BROKE);
                continue;
            }
            assertThat(result.outcome()).as("mu %s", mu).isEqualTo(Outcome.CONVERGED);
            assertThat(result.sustainableRate().getAsDouble()).as("mu %s", mu)
                    .isLessThanOrEqualTo(knee).isGreaterThanOrEqualTo(knee * 0.95);
            // ramp: ceil(knee/500) + 1 steps; bisection of a ≤500-wide interval to 5 % of ≥ knee/2: ≤ 10 steps
            assertThat(result.points().size()).as("mu %s", mu).isLessThanOrEqualTo((int) Math.ceil(knee / 500) + 1 + 10);
        }
    }

    @Test
    void aStartRateThatBreaksFindsNothing() throws Exception {
        SearchResult result = new CapacitySearch(SearchPlan.doubling(200, 1000, HOLD), Slo.p99AtMost(200))
                .run(new Queue(100));
        assertThat(result.outcome()).isEqualTo(Outcome.START_RATE_BROKE);
        assertThat(result.sustainableRate()).isEmpty();
        assertThat(result.points()).hasSize(1);
        assertThat(result.points().getFirst().breaches()).anySatisfy(b -> assertThat(b).contains("achieved 100.0/s"));
        assertThat(result.meetsMinimum(1)).isFalse();
    }

    @Test
    void aTargetFasterThanMaxRateStopsThere() throws Exception {
        Queue queue = new Queue(1_000_000);
        SearchResult result = new CapacitySearch(SearchPlan.doubling(100, 1000, HOLD), Slo.p99AtMost(200)).run(queue);
        assertThat(result.outcome()).isEqualTo(Outcome.MAX_RATE_SUSTAINED);
        assertThat(result.sustainableRate().getAsDouble()).isEqualTo(1000);
        assertThat(queue.asked()).containsExactly(100.0, 200.0, 400.0, 800.0, 1000.0);
    }

    @Test
    void maxProbesBoundsTheSearch() throws Exception {
        Queue queue = new Queue(1000);
        SearchResult result = new CapacitySearch(SearchPlan.doubling(1, 100_000, HOLD).withMaxProbes(8),
                Slo.p99AtMost(200)).run(queue);
        assertThat(result.outcome()).isEqualTo(Outcome.PROBES_EXHAUSTED);
        assertThat(queue.asked()).hasSize(8);
        assertThat(result.sustainableRate().getAsDouble()).isEqualTo(128); // a measured lower bound
    }

    @Test
    void aWarmUpRunsFirstAndIsNeverJudged() throws Exception {
        Queue queue = new Queue(1000);
        SearchResult result = new CapacitySearch(SearchPlan.doubling(50, 100_000, HOLD).withWarmUp(Duration.ofSeconds(5))
                .withMaxProbes(3), Slo.p99AtMost(200)).run(queue);
        assertThat(queue.asked()).containsExactly(50.0, 50.0, 100.0, 200.0);
        assertThat(result.points().getFirst().phase()).isEqualTo(ProbePoint.Phase.WARMUP);
        assertThat(result.points().getFirst().meetsSlo()).isFalse();
        assertThat(result.sustainableRate().getAsDouble()).isEqualTo(200);
    }

    @Test
    void failuresAndAShortfallBreakTheSloWithTheirReasons() {
        Slo slo = Slo.p99AtMost(200);
        assertThat(slo.breaches(new ProbeResult(100, 99, 5, 10, 5, 10, 0))).isEmpty();
        assertThat(slo.breaches(new ProbeResult(100, 99, 5, 10, 5, 10, 0.02)))
                .containsExactly("fail ratio 2.00% above 1.00%");
        assertThat(slo.breaches(new ProbeResult(100, 90, 5, 10, 5, 300, 0)))
                .containsExactly("corrected p99 300.0 ms above 200.0 ms",
                        "achieved 90.0/s is 90% of the requested 100.0/s, below 95%");
        Slo raw = new Slo(200, false, 0.01, 0.95);
        assertThat(raw.breaches(new ProbeResult(100, 100, 5, 10, 5, 300, 0))).isEmpty();
        assertThat(slo.breaches(new ProbeResult(100, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0)))
                .first().asString().startsWith("corrected p99 NaN");
    }

    @Test
    void badPlansAndSlosNameTheField() {
        assertThatThrownBy(() -> SearchPlan.doubling(0, 10, HOLD)).hasMessageStartingWith("start_rate:");
        assertThatThrownBy(() -> SearchPlan.doubling(10, 5, HOLD)).hasMessageStartingWith("max_rate:");
        assertThatThrownBy(() -> new SearchPlan(10, 1, 0, 100, 0.05, HOLD, 5, Duration.ZERO)).hasMessageStartingWith("step:");
        assertThatThrownBy(() -> new SearchPlan(10, 2, 0, 100, 0, HOLD, 5, Duration.ZERO)).hasMessageStartingWith("precision:");
        assertThatThrownBy(() -> SearchPlan.doubling(10, 100, Duration.ZERO)).hasMessageStartingWith("hold:");
        assertThatThrownBy(() -> Slo.p99AtMost(-1)).hasMessageStartingWith("max_p99_ms:");
        assertThatThrownBy(() -> new Slo(100, true, 2, 0.95)).hasMessageStartingWith("max_fail_ratio:");
    }

    @Test
    void theKneeChartHasEveryPointAndTheFoundRate(@TempDir Path dir) throws Exception {
        SearchResult result = new CapacitySearch(SearchPlan.doubling(50, 100_000, HOLD), Slo.p99AtMost(200))
                .run(new Queue(1000));
        KneeChart.write(result, dir);
        String json = Files.readString(dir.resolve(KneeChart.JSON_FILE));
        tools.jackson.databind.JsonNode doc = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
        assertThat(doc.get("sustainable_rate").asDouble()).isEqualTo(result.sustainableRate().getAsDouble());
        assertThat(doc.get("outcome").asString()).isEqualTo("CONVERGED");
        assertThat(doc.get("points")).hasSize(result.points().size());
        assertThat(doc.get("points").get(5).get("meets_slo").asBoolean()).isFalse();
        assertThat(doc.get("points").get(5).get("breaches").get(0).asString()).startsWith("corrected p99");
        String svg = Files.readString(dir.resolve(KneeChart.SVG_FILE));
        assertThat(svg).startsWith("<svg").contains("sustainable " + String.format(java.util.Locale.ROOT, "%.1f/s",
                result.sustainableRate().getAsDouble()));
        assertThat(svg.split("<circle", -1)).hasSize(result.points().size() + 1);
    }
}
