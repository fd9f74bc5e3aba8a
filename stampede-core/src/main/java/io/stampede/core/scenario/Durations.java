package io.stampede.core.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in scenarios and on the command line: {@code 500ms}, {@code 1s},
 * {@code 1.5s}, {@code 1m30s}, {@code 1h}. A bare number is not accepted: its unit would be a guess.
 */
public final class Durations {

    /** One number-unit pair; a duration is one or more of them. */
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    /** The whole-string form, for the JSON Schema. */
    public static final String REGEX = "^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$";

    private Durations() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with a message a user understands. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = PART.matcher(t);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < t.length() && m.find(at) && m.start() == at) {
            BigDecimal unit = switch (m.group(2)) {
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
                default -> BigDecimal.valueOf(86_400_000_000_000L);
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** The shortest way to write {@code d} in this format, e.g. {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (s > 0) sb.append(s).append('s');
        if (ms > 0) sb.append(ms).append("ms");
        // Below a millisecond there is no unit in this format: round to 0ms rather than invent one.
        return sb.isEmpty() ? "0ms" : sb.toString();
    }
}
