package io.stampede.engine;

import static io.stampede.engine.Scenarios.get;
import static io.stampede.engine.Scenarios.think;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.util.HashedWheelTimer;
import io.stampede.core.scenario.WaitTime;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;

/** Users wait on their own event loop, not on the engine's shared timer wheel. */
class UserWaitTest {

    @Test
    void waitingUsersHoldNoEntryOfTheSharedTimerAndWakeOnStop() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(2, 1000, Duration.ofSeconds(5), Duration.ofSeconds(2)));
             TestTarget target = new TestTarget()) {
            HashedWheelTimer timer = (HashedWheelTimer) engine.timer();
            StatsRecorder recorder = new StatsRecorder();
            // One request each, then a minute's think: all 200 users wait, for far longer than the test.
            UserPopulation users = UserPopulation.start(engine,
                    RunSpec.of(Scenarios.of(new WaitTime.None(), get(target.url() + "/"), think(60_000)), null),
                    recorder::record, 200, 0);
            Await.until("200 requests", Duration.ofSeconds(10), () -> target.requests.get() == 200);
            Thread.sleep(100); // the last responses' users arm their waits

            assertThat(users.aliveCount()).isEqualTo(200);
            assertThat(timer.pendingTimeouts()).as("waits on the shared timer wheel").isZero();
            // A stop wakes every waiting user at once: far sooner than the minute's think.
            long stopStart = System.nanoTime();
            users.stop().get(5, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - stopStart).isLessThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(users.aliveCount()).isZero();
            assertThat(target.requests.get()).isEqualTo(200);
        }
    }

    @Test
    void aShortThinkIsNotRoundedUpToATimerTick() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 1000, Duration.ofSeconds(5), Duration.ofSeconds(2)));
             TestTarget target = new TestTarget()) {
            // think 1 ms, 100 times: on a 10 ms timer wheel each wait took at least one tick (>= 1 s in all).
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenarios.of(new WaitTime.None(),
                    think(1), think(1), think(1), think(1), think(1), think(1), think(1), think(1), think(1), think(1),
                    get(target.url() + "/")), null), (m, n, t, l, e) -> { }, 1, 0);
            long start = System.nanoTime();
            Await.until("10 iterations", Duration.ofSeconds(10), () -> target.requests.get() >= 10);
            long elapsed = System.nanoTime() - start;
            users.stop().get(5, TimeUnit.SECONDS);
            assertThat(elapsed).isLessThan(TimeUnit.MILLISECONDS.toNanos(900));
        }
    }
}
