package io.stampede.coordinator.experiment.suite;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax, which Fortio's {@code -t} uses: {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 1.5s}, {@code 500ms}. */
final class FortioDuration {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h)");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private FortioDuration() {
    }

    /** @throws IllegalArgumentException when the text is not a Go duration */
    static Duration parse(String text) {
        String value = text.trim();
        if (value.isEmpty() || !Pattern.compile("(?:" + WHOLE.pattern() + ")+").matcher(value).matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS.get(part.group(2)))));
        }
        return Duration.ofNanos(nanos.longValueExact());
    }
}
