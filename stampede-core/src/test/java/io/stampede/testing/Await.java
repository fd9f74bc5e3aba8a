package io.stampede.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one polling helper of every module's tests (shared through stampede-core's test-jar):
 * waits for a condition that another thread or process makes true, failing the test with what
 * it waited for when the bound passes. Conditions may have side effects (e.g. drain a recorder
 * into totals), since they run once per poll on the test's thread.
 */
public final class Await {

    /** Between two polls of an in-process condition: short against every bound used in tests. */
    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    /** Polls until the condition holds; fails the test naming {@code what} after the timeout. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(() -> what, timeout, POLL, condition);
    }

    /**
     * Polls every {@code poll} (for conditions that cost a request or a process call) until the
     * condition holds; the failure names {@code what} as it reads after the last poll (e.g. with
     * the last value seen).
     */
    public static void until(Supplier<String> what, Duration timeout, Duration poll, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
