package io.stampede.engine;

import io.stampede.testing.Await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.stampede.core.link.OpenShare;
import io.stampede.core.load.Arrivals;
import io.stampede.core.load.RateProfile;
import io.stampede.core.load.RateShape;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.engine.step.SampleRecorder;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The open model on a real engine against a real server on 127.0.0.1 (figures: bench/run --only open). */
class ArrivalPopulationTest {

    private static LoadEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new LoadEngine(new EngineSettings(2, 1000, Duration.ofSeconds(10), Duration.ofSeconds(2)));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    /** This worker's share is the whole run: every arrival of {@code profile}. */
    private static ArrivalPopulation startOn(DisposableServer server, StatsRecorder stats, Counters counters,
                                             RateProfile profile, int maxInFlight, int maxQueue) {
        OpenShare whole = new OpenShare(profile, Arrivals.EVEN, 1, 0, 0, 0, maxInFlight, maxQueue, 0, 0);
        return ArrivalPopulation.start(engine, RunSpec.of(Scenario.defaultScenario("http://127.0.0.1:" + server.port()), null),
                SampleRecorder.into(stats), counters, whole);
    }

    /** A target on 127.0.0.1 that answers "ok" at once and counts what it served. */
    private static DisposableServer countingServer(AtomicLong served) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    served.incrementAndGet();
                    return res.sendString(Mono.just("ok"));
                }).bindNow();
    }

    private static final class Counters implements ArrivalPopulation.IterationCounter {
        final StatsRecorder stats;
        final AtomicLong started = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        Counters(StatsRecorder stats) {
            this.stats = stats;
        }

        @Override
        public void started() {
            started.incrementAndGet();
            stats.iterationStarted();
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
            stats.iterationDropped();
        }

        @Override
        public void noticedLate(long lagNanos) {
            stats.scheduleLag(lagNanos / 1000);
        }
    }

    @Test
    void aBoundedRateStartsExactlyTheIterationsItOwes() throws Exception {
        // Every iteration of the 2 s profile, none more: the schedule ends with the profile.
        runsExactly(new RateShape.Constant(200, Duration.ofSeconds(2)).profile(), 50, 100, 400, Duration.ofSeconds(15));
    }

    /**
     * Above 10,000 arrivals a second per lane one tick starts several (TICK_GAP_NANOS): each
     * still starts, once, with its own intended start.
     */
    @Test
    void aRateAboveOneTickPerArrivalStartsEveryIterationOnce() throws Exception {
        // 40,000/s on two lanes: arrivals 50 µs apart per lane, two or more per tick.
        runsExactly(new RateShape.Constant(40_000, Duration.ofMillis(250)).profile(), 256, 20_000, 10_000,
                Duration.ofSeconds(30));
    }

    /**
     * Runs {@code profile} against a target that answers at once and checks that it started exactly
     * {@code iterations} (served within {@code within}), each served once, none dropped, each with one
     * schedule-lag sample.
     */
    private static void runsExactly(RateProfile profile, int maxInFlight, int maxQueue, int iterations, Duration within)
            throws Exception {
        AtomicLong served = new AtomicLong();
        DisposableServer server = countingServer(served);
        try {
            StatsRecorder stats = new StatsRecorder();
            Counters counters = new Counters(stats);
            ArrivalPopulation population = startOn(server, stats, counters, profile, maxInFlight, maxQueue);
            Await.until(iterations + " requests served", within, () -> served.get() >= iterations);
            population.stop().get(10, TimeUnit.SECONDS);
            assertThat(counters.started.get()).isEqualTo(iterations);
            assertThat(served.get()).isEqualTo(iterations);
            assertThat(counters.dropped.get()).isZero();
            StatsDelta delta = stats.drain();
            assertThat(delta.iterations().started()).isEqualTo(iterations);
            assertThat(io.stampede.core.stats.ResponseTimeDistribution.decode(delta.iterations().scheduleLag()).count())
                    .as("one schedule-lag sample per iteration").isEqualTo(iterations);
            assertThat(population.userCount()).isZero();
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aStalledTargetShowsInTheCorrectedLatencyAndOverflowIsDroppedAndCounted() throws Exception {
        // The target answers at once, except for a 1 s stall of every request that arrives in the stall window.
        AtomicLong stallUntil = new AtomicLong();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    long wait = stallUntil.get() - System.nanoTime();
                    Mono<String> body = Mono.just("ok");
                    return res.sendString(wait > 0 ? body.delayElement(Duration.ofNanos(wait)) : body);
                }).bindNow();
        try {
            StatsRecorder stats = new StatsRecorder();
            Counters counters = new Counters(stats);
            // 100/s for 3 s, 2 slots, a queue of 20: during a 1 s stall 100 iterations fall due,
            // 2 are in flight, 20 wait, the rest are dropped.
            RateProfile profile = new RateShape.Constant(100, Duration.ofSeconds(3)).profile();
            ArrivalPopulation population = startOn(server, stats, counters, profile, 2, 20);
            Await.until("condition", Duration.ofSeconds(10), () -> counters.started.get() >= 50);
            stallUntil.set(System.nanoTime() + 1_000_000_000L);
            Await.until("condition", Duration.ofSeconds(15), () -> counters.started.get() + counters.dropped.get() >= 300);
            population.stop().get(10, TimeUnit.SECONDS);

            assertThat(counters.started.get() + counters.dropped.get()).isEqualTo(300);
            // At least the 100 due in the stall minus 2 in flight and 20 waiting (more when this machine is slow).
            assertThat(counters.dropped.get()).isGreaterThanOrEqualTo(70L);
            assertThat(counters.started.get()).isGreaterThanOrEqualTo(50L + 2 + 20);
            StatsAggregator aggregator = new StatsAggregator();
            StatsDelta delta = stats.drain();
            aggregator.merge(delta);
            RequestStats total = aggregator.snapshot(System.currentTimeMillis()).total();
            assertThat(total.numRequests()).isEqualTo(counters.started.get());
            // Served requests mostly took ~0 ms or up to 1 s (the two stalled ones); the queued ones waited
            // behind them without being slow themselves: only the corrected view shows that wait.
            // 22 of at most ~280 started (2 stalled, 20 queued) waited: over 5 %, while only the 2 stalled ones
            // (under 1 %) were slow to serve.
            assertThat(total.correctedPercentileMillis(0.95)).isGreaterThan(100);
            assertThat(total.percentileMillis(0.95)).isLessThan(100);
            assertThat(delta.iterations().dropped()).isEqualTo(counters.dropped.get());
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void theInFlightCapHoldsAcrossEventLoops() throws Exception {
        // Two event loops, caps of 1 and 3: a slow target sees at most that many requests at once
        // (each loop used to take the cap rounded up, so 1 became 2 and 3 became 4).
        for (int cap : new int[] {1, 3}) {
            java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            AtomicLong served = new AtomicLong();
            DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle((req, res) -> {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        return res.sendString(Mono.just("ok").delayElement(Duration.ofMillis(20))
                                .doOnNext(b -> {
                                    inFlight.decrementAndGet();
                                    served.incrementAndGet();
                                }));
                    }).bindNow();
            try {
                StatsRecorder stats = new StatsRecorder();
                Counters counters = new Counters(stats);
                // 200/s asks for 4 at a time at 20 ms each: more than either cap allows, so the cap is what binds.
                RateProfile profile = new RateShape.Constant(200, Duration.ofSeconds(1)).profile();
                ArrivalPopulation population = startOn(server, stats, counters, profile, cap, 1000);
                Await.until("requests served", Duration.ofSeconds(10), () -> served.get() >= 20L * cap);
                population.stop().get(10, TimeUnit.SECONDS);
                assertThat(most.get()).as("most requests in flight at once with a cap of " + cap).isEqualTo(cap);
                assertThat(population.poolSize()).isZero();
            } finally {
                server.disposeNow();
            }
        }
    }
}
