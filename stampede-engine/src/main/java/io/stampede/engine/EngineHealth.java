package io.stampede.engine;

import io.stampede.engine.http.client.Http1Client;

/**
 * Read-only figures of the load generator itself, for its metrics: when these are bad the
 * response times it records say more about the generator than about the target.
 */
public final class EngineHealth {

    private final Http1Client http;
    private final EventLoopLagProbe lag;

    EngineHealth(Http1Client http, EventLoopLagProbe lag) {
        this.http = http;
        this.lag = lag;
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

    /** The event loops shared by users and HTTP I/O. */
    public int eventLoops() {
        return lag.loops();
    }
}
