package io.stampede.engine.step;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A piece of state a step kind keeps per user across that user's steps (the HTTP steps' cookie
 * jar), created on first use. The step kind declares the key; the user only stores values, so
 * the user layer never names what lies above it (HTTP, DNS, ...).
 *
 * @param <T> the value kept per user
 */
public final class UserState<T> {

    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    private final int index = NEXT_INDEX.getAndIncrement();
    private final Supplier<T> initial;

    private UserState(Supplier<T> initial) {
        this.initial = initial;
    }

    /** A key whose value starts as {@code initial.get()} for each user; declare it once, as a constant. */
    public static <T> UserState<T> of(Supplier<T> initial) {
        return new UserState<>(initial);
    }

    /**
     * The values of one user, by key. Not thread-safe: a user runs one step at a time. Most users
     * of simple scenarios never create one.
     */
    public static final class Values {

        private Object[] values = new Object[Math.max(1, NEXT_INDEX.get())];

        @SuppressWarnings("unchecked")
        public <T> T get(UserState<T> key) {
            if (key.index >= values.length) {
                values = Arrays.copyOf(values, key.index + 1);
            }
            Object value = values[key.index];
            if (value == null) {
                value = key.initial.get();
                values[key.index] = value;
            }
            return (T) value;
        }
    }
}
