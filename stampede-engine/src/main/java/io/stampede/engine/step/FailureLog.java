package io.stampede.engine.step;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failures at most once per interval per process: an unreachable target fails thousands
 * of requests a second, and they are all in the stats already.
 */
public final class FailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime());
    private static final AtomicLong SUPPRESSED = new AtomicLong();

    private FailureLog() {
    }

    public static void warn(String message, Throwable cause) {
        message = io.stampede.engine.template.EnvironmentValues.redact(message);
        long now = System.nanoTime();
        long next = NEXT.get();
        if (now - next >= 0 && NEXT.compareAndSet(next, now + INTERVAL_NANOS)) {
            long suppressed = SUPPRESSED.getAndSet(0);
            String tail = suppressed > 0 ? " (" + suppressed + " similar messages suppressed)" : "";
            if (cause != null && !(cause instanceof java.io.IOException)) {
                LOG.warn("{}{}", message, tail, cause);
            } else {
                LOG.warn("{}{}", message, tail);
            }
        } else {
            SUPPRESSED.incrementAndGet();
        }
    }
}
