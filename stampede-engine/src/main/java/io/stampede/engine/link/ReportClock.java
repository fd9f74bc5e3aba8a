package io.stampede.engine.link;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The clock of a run's stats reports: one every interval, each just after a multiple of the
 * interval on the wall clock (just after every whole second for the 1 s interval).
 *
 * <p>Why the wall clock: workers' clocks are synchronized (NTP; chrony on EKS nodes, within a
 * millisecond), so the reports of a thousand workers reach the coordinator together, and it
 * reads them in a few wake-ups with many sockets ready each, instead of waking once per report
 * at moments spread over the second; and each report holds the requests of one wall-clock
 * second, so every second of the coordinator's per-second counts holds one report per worker.
 * Re-aimed at every tick rather than run at a fixed rate, so a wall clock that NTP steps or
 * slews does not drift the reports off the boundary over a long run.
 *
 * <p>Runs its task on {@code scheduler}; {@link #dispose()} stops it (no tick after that returns,
 * when called from the scheduler's own thread).
 */
final class ReportClock implements Disposable {

    /**
     * How long after the boundary a report goes out: the coordinator counts a report in the
     * second its end falls in, so the end must not fall before the boundary, which a wall clock
     * slewed against the scheduler's monotonic one (by at most 0.5 ms a second) could make it.
     */
    static final long AFTER_BOUNDARY_MILLIS = 5;

    private final Scheduler scheduler;
    private final long intervalMillis;
    private final Runnable task;
    private final LongSupplier wallClockMillis;
    private volatile Disposable next;
    private volatile boolean disposed;

    private ReportClock(Scheduler scheduler, long intervalMillis, Runnable task, LongSupplier wallClockMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("report interval must be positive, was " + intervalMillis + " ms");
        }
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
        this.task = task;
        this.wallClockMillis = wallClockMillis;
    }

    /** Runs {@code task} on {@code scheduler} just after every multiple of {@code intervalMillis} of the wall clock. */
    static ReportClock start(Scheduler scheduler, long intervalMillis, Runnable task) {
        return start(scheduler, intervalMillis, task, System::currentTimeMillis);
    }

    static ReportClock start(Scheduler scheduler, long intervalMillis, Runnable task, LongSupplier wallClockMillis) {
        ReportClock clock = new ReportClock(scheduler, intervalMillis, task, wallClockMillis);
        clock.scheduleNext();
        return clock;
    }

    /**
     * Milliseconds from {@code nowMillis} to the next report: to just after the boundary one
     * interval past the boundary nearest to now. A tick that ran a little early or late (a busy
     * scheduler) still aims at the boundary after its own, never at its own again; the first
     * report comes after half an interval to one and a half.
     */
    static long delayToNext(long nowMillis, long intervalMillis) {
        long sinceAim = nowMillis - AFTER_BOUNDARY_MILLIS;
        long nearest = Math.floorDiv(sinceAim + intervalMillis / 2, intervalMillis) * intervalMillis;
        return nearest + intervalMillis - sinceAim;
    }

    private void scheduleNext() {
        if (disposed) {
            return;
        }
        next = scheduler.schedule(this::tick, delayToNext(wallClockMillis.getAsLong(), intervalMillis),
                TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (disposed) {
            return;
        }
        try {
            task.run();
        } finally {
            scheduleNext();
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        Disposable scheduled = next;
        if (scheduled != null) {
            scheduled.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
