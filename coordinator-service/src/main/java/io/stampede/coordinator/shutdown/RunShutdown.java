package io.stampede.coordinator.shutdown;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.stampede.coordinator.headless.HeadlessRun;
import io.stampede.coordinator.history.RunHistoryRecorder;
import io.stampede.coordinator.run.Run;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the active run when the coordinator shuts down (SIGTERM from a pod being replaced,
 * Ctrl-C): stops it, waits for the workers' last reports, lets the history writer store it and
 * the headless run write its reports, all within the grace period, and logs what it did.
 *
 * <p>A {@link SmartLifecycle} of the highest phase: Spring stops lifecycles from the highest
 * phase down before it destroys any bean, so this runs while the link server (the workers'
 * last reports), the web server and the history writer are all still up.
 */
public final class RunShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunShutdown.class);

    private final RunCoordinator run;
    private final RunHistoryRecorder recorder;
    private final HeadlessRun headless;
    private final Duration gracePeriod;
    private volatile boolean running;

    public RunShutdown(RunCoordinator run, RunHistoryRecorder recorder, HeadlessRun headless, Duration gracePeriod) {
        this.run = run;
        this.recorder = recorder;
        this.headless = headless;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        keepActiveRun();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void keepActiveRun() {
        Run current;
        RunState state;
        CompletableFuture<Run> completion;
        synchronized (run) {
            current = run.currentRun();
            state = run.state();
            completion = run.completion();
        }
        if (current == null || !(state.isActive() || state == RunState.STOPPING)) {
            return;
        }
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        log.info("Shutting down during run {}: stopping it, waiting up to {} for the workers' last reports,"
                + " the history and the reports", current.id(), gracePeriod);
        run.stop();
        boolean stored = await(completion, deadline, "the run to stop")
                && await(recorder.stored(current.id()), deadline, "the history to be written");
        boolean reported = await(headless.finished(), deadline, "the headless reports");
        if (stored && reported) {
            log.info("Run {} stopped and kept in the history before shutdown", current.id());
        } else {
            log.warn("Run {}: shutdown grace period {} (stampede.coordinator.shutdown-grace-period) over before"
                    + " it was kept; its last checkpoint is in the history", current.id(), gracePeriod);
        }
    }

    private static boolean await(CompletableFuture<?> future, long deadlineNanos, String what) {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("Shutdown: gave up waiting for {}", what);
            return false;
        } catch (ExecutionException e) {
            log.warn("Shutdown: waiting for {} failed: {}", what, e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
