package io.stampede.coordinator.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address in a sliding window: after {@code maxFailures} within the
 * window, the client waits until its oldest failure leaves the window. Brute force gets ten
 * guesses a minute instead of thousands. At most {@link #MAX_CLIENTS} addresses are tracked
 * (the least recently failing are forgotten first), so a flood of addresses can't grow it
 * without bound.
 */
final class LoginThrottle {

    static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    LoginThrottle(int maxFailures, Duration window, LongSupplier clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("stampede.coordinator.login.max-failures: must be >= 1, got " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    synchronized void failed(String client) {
        long now = clock.getAsLong();
        Deque<Long> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
    }

    /** How long the client must wait before its next attempt counts; empty when it may try now. */
    synchronized Optional<Duration> retryAfter(String client) {
        Deque<Long> times = failures.get(client);
        if (times == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        expire(times, now);
        if (times.isEmpty()) {
            failures.remove(client);
            return Optional.empty();
        }
        if (times.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(times.peekFirst() + windowMillis - now));
    }

    private void expire(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
            times.removeFirst();
        }
    }
}
