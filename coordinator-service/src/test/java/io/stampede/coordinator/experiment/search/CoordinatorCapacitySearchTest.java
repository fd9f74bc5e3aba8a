package io.stampede.coordinator.experiment.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.coordinator.experiment.search.SearchResult.Outcome;
import io.stampede.coordinator.support.TestCoordinator;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;
import io.stampede.coordinator.run.SwarmCommand;
import io.stampede.engine.link.Worker;
import io.stampede.testing.Await;

/**
 * A real search through the coordinator, a real worker and the real link against a target
 * whose capacity is known ({@link OneAtATimeTarget}: 10 ms per request, one at a time, so at
 * most 100 requests/s). Steps hold 3 s; at most 8 steps.
 */
class CoordinatorCapacitySearchTest {

    private static final int SERVICE_MILLIS = 10;
    private static final double CAPACITY = 1000.0 / SERVICE_MILLIS;

    TestCoordinator coordinator;
    Worker worker;
    OneAtATimeTarget target;

    @BeforeEach
    void start() throws Exception {
        coordinator = new TestCoordinator(Duration.ofSeconds(5));
        target = new OneAtATimeTarget(SERVICE_MILLIS);
        worker = new Worker(TestCoordinator.workerSettings(coordinator.link.port())
                .withWorkerId("w1").withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)));
        worker.start();
        Await.until("the worker", Duration.ofSeconds(15), () -> coordinator.registry.size() == 1);
    }

    @AfterEach
    void stop() {
        worker.close();
        coordinator.close();
        target.close();
    }

    @Test
    void findsTheKneeOfATargetThatServesOneRequestAtATime(@TempDir Path dir) throws Exception {
        String host = target.baseUrl();
        RateProbe probe = new CoordinatorRateProbe(coordinator.run, CoordinatorRateProbe.Options.defaults(host));
        // a 3 s warm-up at the start rate: the first requests of a cold JVM take far longer than 10 ms
        SearchPlan plan = new SearchPlan(25, 2, 0, 400, 0.10, Duration.ofSeconds(3), 8, Duration.ofSeconds(3));
        SearchResult result = new CapacitySearch(plan, Slo.p99AtMost(200)).run(probe,
                point -> System.out.printf("capacity search: %s %.1f/s achieved %.1f/s p99 %.1f ms corrected %.1f ms %s%n",
                        point.phase(), point.rate(), point.result().achievedRate(), point.result().p99Millis(),
                        point.result().correctedP99Millis(), point.breaches()));
        KneeChart.write(result, dir);

        assertThat(result.points()).filteredOn(ProbePoint::judged).hasSizeLessThanOrEqualTo(8);
        assertThat(result.sustainableRate()).as("outcome %s", result.outcome()).isPresent();
        // below the knee with margin for a loaded machine, never above what one-at-a-time can serve
        assertThat(result.sustainableRate().getAsDouble()).isBetween(CAPACITY * 0.4, CAPACITY * 1.1);
        assertThat(result.outcome()).isIn(Outcome.CONVERGED, Outcome.PROBES_EXHAUSTED);
        // far above the capacity the queue grows for the whole step: corrected p99 breaks; far below it holds
        assertThat(result.firstBreakingRate()).isPresent();
        assertThat(result.points()).filteredOn(p -> p.judged() && p.rate() >= CAPACITY * 1.5).allSatisfy(p -> {
            assertThat(p.meetsSlo()).isFalse();
            assertThat(p.breaches()).anySatisfy(b -> assertThat(b).startsWith("corrected p99"));
        });
        assertThat(result.points()).filteredOn(p -> p.judged() && p.rate() <= CAPACITY * 0.3)
                .isNotEmpty().allSatisfy(p -> assertThat(p.meetsSlo()).as("%s", p).isTrue());
        // the 25/s start is far below: served at about the service time, on schedule
        ProbeResult first = result.points().get(1).result();
        assertThat(first.achievedRatio()).isGreaterThan(0.95);
        assertThat(first.p50Millis()).isBetween((double) SERVICE_MILLIS, 200.0);
        assertThat(first.failRatio()).isZero();
        assertThat(dir.resolve(KneeChart.JSON_FILE)).isRegularFile();
        assertThat(result.meetsMinimum(CAPACITY * 0.4)).isTrue();
        assertThat(result.meetsMinimum(CAPACITY * 1.5)).isFalse();
    }

    @Test
    void aStepRefusesToStartWhileAnotherRunIsActive() {
        coordinator.run.swarm(new SwarmCommand(new LoadModel.Open(new RateShape.Constant(5, null), Arrivals.EVEN, 10, 10),
                target.baseUrl(), null));
        RateProbe probe = new CoordinatorRateProbe(coordinator.run, CoordinatorRateProbe.Options.defaults(null));
        assertThatThrownBy(() -> probe.probe(10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a run is already active");
        coordinator.run.stop();
    }
}
