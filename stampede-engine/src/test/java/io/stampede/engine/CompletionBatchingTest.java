package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.stampede.core.scenario.Scenario;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * io_uring loops batch their responses when many requests are in flight (CompletionBatching):
 * every request is still answered and counted once, light loads never wait, a zero batch wait turns
 * it off, and a loop whose waits run out of time (slow responses) backs off.
 */
class CompletionBatchingTest {

    @BeforeEach
    void ioUringIsHere() {
        Assumptions.assumeTrue(Transport.IO_URING.isAvailable(),
                () -> "io_uring is unavailable here, so there is no batching to test: " + Transport.IO_URING.unavailabilityCause());
    }

    private static EngineSettings oneIoUringLoop() {
        return new EngineSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1)).withTransport(Transport.IO_URING);
    }

    /** Runs {@code users} closed-model users of the default scenario until the target served {@code requests}. */
    private static StatsTotals run(LoadEngine engine, String url, AtomicLong served, int users, long requests) throws Exception {
        StatsRecorder recorder = new StatsRecorder();
        UserPopulation population = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(url), null),
                recorder::record, users, 0);
        Await.until(requests + " requests served", Duration.ofSeconds(20), () -> served.get() >= requests);
        population.stop().get(5, TimeUnit.SECONDS);
        return StatsTotals.drain(recorder);
    }

    @Test
    void manyRequestsInFlightAreAnsweredInBatchesAndEachCountedOnce() throws Exception {
        try (LoadEngine engine = new LoadEngine(oneIoUringLoop()); TestTarget target = new TestTarget()) {
            StatsTotals totals = run(engine, target.url(), target.requests, 32, 5_000);
            assertThat(totals.requests).isEqualTo(target.requests.get()).isGreaterThanOrEqualTo(5_000);
            assertThat(totals.failures).isZero();
            assertThat(engine.health().batchWaits()).as("waits for a batch of responses").isPositive();
        }
    }

    /** Fewer than 8 requests in flight on the loop, or a zero batch wait: no wait, every request answered. */
    @ParameterizedTest
    @CsvSource({"4, 0.0001", "32, 0"})
    void fewRequestsInFlightOrAZeroBatchWaitNeverWait(int users, double batchWaitSeconds) throws Exception {
        EngineSettings settings = oneIoUringLoop().withBatchWait(Duration.ofNanos((long) (batchWaitSeconds * 1e9)));
        try (LoadEngine engine = new LoadEngine(settings); TestTarget target = new TestTarget()) {
            StatsTotals totals = run(engine, target.url(), target.requests, users, 2_000);
            assertThat(totals.requests).isEqualTo(target.requests.get());
            assertThat(totals.failures).isZero();
            assertThat(engine.health().batchWaits()).isZero();
        }
    }

    @Test
    void waitsThatRunOutOfTimeBackOff() throws Exception {
        AtomicLong served = new AtomicLong();
        // Each response 2-8 ms late, at random: 32 users get ~6 responses a millisecond, so 8 often do not come within 100 µs.
        DisposableServer slow = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/", (req, res) -> Mono.delay(Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000, 8_000_000)))
                        .then(Mono.fromRunnable(served::incrementAndGet))
                        .then(res.sendString(Mono.just("ok")).then())))
                .bindNow();
        try (LoadEngine engine = new LoadEngine(oneIoUringLoop())) {
            StatsTotals totals = run(engine, "http://127.0.0.1:" + slow.port(), served, 32, 3_000);
            assertThat(totals.requests).isEqualTo(served.get());
            assertThat(totals.failures).isZero();
            EngineHealth health = engine.health();
            System.out.println("slow target: " + totals.requests + " requests, " + health.batchWaits() + " waits, "
                    + health.batchWaitsTimedOut() + " of them timed out");
            // The kernel's timeout ends a wait whose batch does not come (a false from RingWait.await)...
            assertThat(health.batchWaitsTimedOut()).as("waits that ran out of time").isPositive();
            // ...and each one makes the loop skip 2, 4, ... chances to wait (BatchPolicyTest): few of the
            // requests pay for one (here 1-3 %; without the back-off the loop would wait at most of them).
            assertThat(health.batchWaitsTimedOut()).as("timed-out waits, of %d requests", totals.requests)
                    .isLessThan(totals.requests / 10);
        } finally {
            slow.disposeNow();
        }
    }
}
