package io.stampede.engine.link;

import java.time.Duration;

/**
 * The delays between the link's connection attempts: {@code min}, twice that, four times ...
 * up to {@code max}; back to {@code min} once a connection is accepted. Control thread only.
 */
final class ReconnectBackoff {

    private final Duration min;
    private final Duration max;
    private int failedAttempts;

    ReconnectBackoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The delay before the next attempt; counts the attempt that just failed. */
    Duration next() {
        long delay = min.toMillis() << Math.min(failedAttempts, 20);
        failedAttempts++;
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(1, delay)));
    }

    /** Attempts failed since the last accepted connection. */
    int failedAttempts() {
        return failedAttempts;
    }

    Duration max() {
        return max;
    }

    void reset() {
        failedAttempts = 0;
    }
}
