package io.stampede.engine;

import io.stampede.testing.Await;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.StatsRecorder;

/** The generator's own figures: open connections while users run, and the lag of a blocked event loop. */
class EngineHealthTest {

    @Test
    void countsTheConnectionsOfRunningUsers() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(8)));
             TestTarget target = new TestTarget()) {
            EngineHealth health = engine.health();
            assertThat(health.openConnections()).isZero();
            assertThat(health.eventLoops()).isEqualTo(2);
            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(target.url()), null),
                    recorder::record, 4, 0);
            Await.until("condition", Duration.ofSeconds(10), () -> target.requests.get() >= 100);
            // Keep-alive: each user holds at most one connection, and users are running.
            assertThat(health.openConnections()).isBetween(1L, 4L);
            users.stop().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBlockedEventLoopShowsAsLag() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 1000, Duration.ofSeconds(5), Duration.ofSeconds(8)))) {
            CountDownLatch release = new CountDownLatch(1);
            // Blocks the only loop for 600 ms: the probe due within the next 250 ms runs at least 350 ms late.
            engine.nextLoop().execute(() -> {
                try {
                    release.await(600, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Await.until("condition", Duration.ofSeconds(5), () -> engine.health().eventLoopLagSeconds() >= 0.3);
            release.countDown();
        }
    }

    @Test
    void theLagWindowHoldsOnlyTheSamplesSinceItsLastDrain() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 1000, Duration.ofSeconds(5), Duration.ofSeconds(8)))) {
            EngineHealth health = engine.health();
            CountDownLatch release = new CountDownLatch(1);
            // Blocks the only loop for 1 s: the probe due 20 ms later runs some 980 ms late.
            engine.nextLoop().execute(() -> {
                try {
                    release.await(1000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(1300);
            EngineHealth.LagWindow blocked = health.drainLagWindow();
            assertThat(blocked.maxNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(800));
            assertThat(blocked.samples()).isPositive();

            Thread.sleep(600); // about 30 samples of a free loop
            EngineHealth.LagWindow after = health.drainLagWindow();
            assertThat(after.samples()).isBetween(5L, 40L);
            assertThat(after.maxNanos()).as("the blocked second is not in the next window").isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(after.p50Nanos()).isLessThanOrEqualTo(after.p99Nanos()).isLessThanOrEqualTo(after.maxNanos());
        }
    }
}
