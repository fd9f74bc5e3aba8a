package io.stampede.coordinator.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Locust's time spans: {@code 20} (seconds), {@code 20s}, {@code 3m}, {@code 2h},
 * {@code 1h30m}, {@code 3h30m10s}. Used by {@code --run-time} and the {@code run_time} field of
 * {@code POST /swarm}, so both accept exactly the same strings.
 */
public final class RunTimeParser {

    private static final Pattern SECONDS_ONLY = Pattern.compile("\\d+");
    private static final Pattern SPAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private RunTimeParser() {
    }

    /** @throws IllegalArgumentException with a message naming the accepted formats */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase();
        try {
            if (SECONDS_ONLY.matcher(value).matches()) {
                return positive(Duration.ofSeconds(Long.parseLong(value)), text);
            }
            Matcher m = SPAN.matcher(value);
            if (value.isEmpty() || !m.matches()) {
                throw new IllegalArgumentException(
                        "invalid duration '" + text + "' (valid formats: 20, 20s, 3m, 2h, 1h30m, 3h30m10s)");
            }
            Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
            return positive(d, text);
        } catch (ArithmeticException | NumberFormatException e) {
            // Digits beyond a long, or hours beyond what a Duration holds (9999999999999999h).
            throw new IllegalArgumentException("invalid duration '" + text + "': too long");
        }
    }

    private static Duration positive(Duration d, String text) {
        if (d.isZero()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': must be greater than zero");
        }
        return d;
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
