package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * Measures how late each event loop runs a task that was due: a small probe per loop re-arms
 * itself every {@link #PERIOD_NANOS} and records how long after its deadline it ran. Users and
 * HTTP I/O share these loops, and users' waits are scheduled on them too, so a busy loop delays
 * every user on it by that much (and inflates the response times they record): the generator's
 * own health. Every sample also goes into a histogram that {@link #drainWindow()} hands out and
 * restarts, so a measurement reads the lag of its own window, not since the engine started.
 */
final class EventLoopLagProbe implements AutoCloseable {

    /**
     * 50 samples a second per loop: enough for a p99 of a few seconds' window, and still a
     * negligible task for the loop (a clock read and a histogram increment).
     */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Lags above a minute are recorded as a minute. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final List<Probe> probes = new ArrayList<>();
    /** Every loop's samples since the last {@link #drainWindow()}; written on the loops, read by one caller. */
    private final Recorder window = new Recorder(HIGHEST_NANOS, 2);
    private Histogram recycled;
    private volatile boolean closed;

    EventLoopLagProbe(EventLoopGroup group) {
        for (EventExecutor executor : group) {
            Probe probe = new Probe((EventLoop) executor);
            probes.add(probe);
            probe.arm();
        }
    }

    /** The largest lag of the loops' latest samples, in nanoseconds; 0 before the first sample. */
    long maxLagNanos() {
        long max = 0;
        for (Probe probe : probes) {
            max = Math.max(max, probe.lagNanos);
        }
        return max;
    }

    /** The samples of every loop since the previous call (or the start), in nanoseconds; restarts the window. */
    synchronized EngineHealth.LagWindow drainWindow() {
        Histogram interval = window.getIntervalHistogram(recycled);
        recycled = interval;
        return EngineHealth.LagWindow.of(interval);
    }

    int loops() {
        return probes.size();
    }

    @Override
    public void close() {
        closed = true;
    }

    private final class Probe implements Runnable {

        private final EventLoop loop;
        private long dueNanos;
        private volatile long lagNanos;

        Probe(EventLoop loop) {
            this.loop = loop;
        }

        void arm() {
            if (closed || loop.isShuttingDown()) {
                return;
            }
            dueNanos = System.nanoTime() + PERIOD_NANOS;
            try {
                loop.schedule(this, PERIOD_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the engine is closing: no more samples
            }
        }

        @Override
        public void run() {
            long lag = Math.max(0, System.nanoTime() - dueNanos);
            lagNanos = lag;
            window.recordValue(Math.min(lag, HIGHEST_NANOS));
            arm();
        }
    }
}
