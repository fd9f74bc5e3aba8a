package io.stampede.engine;

import org.HdrHistogram.Histogram;

import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.loop.CompletionBatching;

/**
 * Read-only figures of the load generator itself, for its metrics: when these are bad the
 * response times it records say more about the generator than about the target.
 */
public final class EngineHealth {

    private final Http1Client http;
    private final EventLoopLagProbe lag;
    private final CompletionBatching.Counters batching;

    EngineHealth(Http1Client http, EventLoopLagProbe lag, CompletionBatching.Counters batching) {
        this.http = http;
        this.lag = lag;
        this.batching = batching;
    }

    /** Times an io_uring loop slept for a batch of responses (CompletionBatching); 0 on other transports. */
    public long batchWaits() {
        return batching.waits();
    }

    /** Of those, the waits that ended by the batch wait's timeout: many mean responses come too slowly to batch. */
    public long batchWaitsTimedOut() {
        return batching.timedOut();
    }

    /** HTTP connections open or being opened, over every origin and event loop. */
    public long openConnections() {
        return http.openConnections();
    }

    /** Response body bytes received on the wire since the engine started: compressed bodies count as compressed. */
    public long bodyBytesReceived() {
        return http.bodyBytesReceived();
    }

    /** How late the slowest event loop ran its latest due task, in seconds (a few hundred microseconds when idle). */
    public double eventLoopLagSeconds() {
        return lag.maxLagNanos() / 1e9;
    }

    /**
     * The event-loop lag sampled on every loop every 20 ms since the previous call (or since the
     * engine started), and starts a new window: how late users' wake-ups and I/O ran during a
     * measured interval. Meant for one reader (a benchmark); concurrent readers split the samples.
     */
    public LagWindow drainLagWindow() {
        return lag.drainWindow();
    }

    /**
     * Event-loop lag over a window.
     *
     * @param samples   probe runs in the window, over all loops
     * @param p50Nanos  median lag
     * @param p99Nanos  99th percentile
     * @param maxNanos  largest lag
     */
    public record LagWindow(long samples, long p50Nanos, long p99Nanos, long maxNanos) {

        static LagWindow of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new LagWindow(0, 0, 0, 0);
            }
            return new LagWindow(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }
    }

    /** The event loops shared by users and HTTP I/O. */
    public int eventLoops() {
        return lag.loops();
    }
}
