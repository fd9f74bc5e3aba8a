package io.stampede.coordinator.run;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The run's one clock, on one daemon thread: the beat every {@link RunCoordinator#TICK} and the
 * run's timers (run time, final-report timeout), so they never race each other.
 */
final class RunClock implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stampede-run-clock");
        t.setDaemon(true);
        return t;
    });

    /** Starts beating at once. */
    RunClock(Runnable beat) {
        thread.scheduleAtFixedRate(beat, 0, RunCoordinator.TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs tasks on the clock's thread. */
    Executor executor() {
        return thread;
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
