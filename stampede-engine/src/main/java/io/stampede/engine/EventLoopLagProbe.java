package io.stampede.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * Measures how late each event loop runs a task that was due: a small probe per loop re-arms
 * itself every {@link #PERIOD_NANOS} and records how long after its deadline it ran. Users and
 * HTTP I/O share these loops, so a busy loop delays every user on it by that much (and inflates
 * the response times they record): the generator's own health.
 */
final class EventLoopLagProbe implements AutoCloseable {

    /** Four samples a second: fresh for any scrape interval, negligible work for the loop. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final List<Probe> probes = new ArrayList<>();
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
            lagNanos = Math.max(0, System.nanoTime() - dueNanos);
            arm();
        }
    }
}
