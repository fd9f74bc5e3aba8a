package io.stampede.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ReportClockTest {

    private final Scheduler scheduler = Schedulers.newSingle("report-clock-test", true);

    @AfterEach
    void stopScheduler() {
        scheduler.dispose();
    }

    @Test
    void everyReportIsAimedJustAfterTheNextWholeSecondOfTheWallClock() {
        long second = 1_796_000_000_000L; // a whole second of the epoch, in milliseconds
        long aim = ReportClock.AFTER_BOUNDARY_MILLIS;
        for (long ms = 0; ms < 1000; ms++) {
            long now = second + aim + ms;
            long due = now + ReportClock.delayToNext(now, 1000);
            assertThat(Math.floorMod(due, 1000)).as("at +%d ms", ms).isEqualTo(aim);
            // The first report comes after half an interval to one and a half: never a near-empty one at once.
            assertThat(due - now).as("at +%d ms", ms).isBetween(500L, 1500L);
        }
    }

    @Test
    void aTickThatRanEarlyOrLateAimsAtTheBoundaryAfterItsOwnNotAtItsOwnAgain() {
        long aimed = 1_796_000_000_000L + ReportClock.AFTER_BOUNDARY_MILLIS;
        for (long off = -400; off <= 400; off += 50) {
            long now = aimed + off;
            assertThat(now + ReportClock.delayToNext(now, 1000)).as("off by %d ms", off).isEqualTo(aimed + 1000);
        }
    }

    @Test
    void otherIntervalsAreAimedAtTheirOwnMultiplesOfTheWallClock() {
        long now = 1_796_000_000_123L;
        assertThat(Math.floorMod(now + ReportClock.delayToNext(now, 3000), 3000)).isEqualTo(ReportClock.AFTER_BOUNDARY_MILLIS);
        assertThat(Math.floorMod(now + ReportClock.delayToNext(now, 200), 200)).isEqualTo(ReportClock.AFTER_BOUNDARY_MILLIS);
    }

    @Test
    void ticksGoOnAfterAFailingTaskAndStopWhenDisposed() throws InterruptedException {
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        ReportClock clock = ReportClock.start(scheduler, 20, () -> {
            ticks.incrementAndGet();
            three.countDown();
            if (ticks.get() == 1) {
                throw new IllegalStateException("the first report failed");
            }
        });
        assertThat(three.await(10, TimeUnit.SECONDS)).as("three ticks, the first of which threw").isTrue();

        // Disposed on the scheduler's thread, as the worker does: no tick runs after it.
        scheduler.schedule(clock::dispose);
        CountDownLatch drained = new CountDownLatch(1);
        scheduler.schedule(drained::countDown);
        assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
        int atDispose = ticks.get();
        CountDownLatch after = new CountDownLatch(1);
        scheduler.schedule(after::countDown, 100, TimeUnit.MILLISECONDS);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks.get()).isEqualTo(atDispose);
        assertThat(clock.isDisposed()).isTrue();
    }
}
