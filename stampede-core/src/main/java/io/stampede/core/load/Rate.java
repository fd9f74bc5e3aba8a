package io.stampede.core.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arrival rates as people write them on the command line and in scenarios: {@code 500/s},
 * {@code 30/m}, {@code 1.5/s}, or a bare number meaning per second ({@code --rate 500}, the
 * way Fortio's {@code qps} and k6's {@code rate} with the default time unit read).
 */
public final class Rate {

    /** The highest rate accepted anywhere: far beyond what one run can drive, low enough to stay exact in a double. */
    public static final double MAX_PER_SECOND = 10_000_000;

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:\\s*/\\s*(ms|s|m|h))?");

    /** The whole-string form, for the JSON Schema. */
    public static final String REGEX = "^\\d+(\\.\\d+)?(\\s*/\\s*(ms|s|m|h))?$";

    private Rate() {
    }

    /**
     * Parses {@code text} into iterations per second; throws {@link IllegalArgumentException}
     * with a message a user understands for anything negative, not finite, zero or above
     * {@link #MAX_PER_SECOND}.
     */
    public static double parsePerSecond(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate (write e.g. 500/s, 30/m or 500)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double perSecond = switch (unit) {
            case "ms" -> value * 1000;
            case "m" -> value / 60;
            case "h" -> value / 3600;
            default -> value;
        };
        return check(perSecond, text);
    }

    /** {@link #parsePerSecond}, but 0 is allowed too: a stage that pauses the load. */
    public static double parsePerSecondOrZero(String text) {
        if (text != null && text.strip().toLowerCase(Locale.ROOT).matches("0+(\\.0+)?(\\s*/\\s*(ms|s|m|h))?")) {
            return 0;
        }
        return parsePerSecond(text);
    }

    /** Checks a rate given as a number of iterations per second (JSON, form fields). */
    public static double check(double perSecond, Object asWritten) {
        if (!Double.isFinite(perSecond) || perSecond <= 0) {
            throw new IllegalArgumentException("'" + asWritten + "' must be a rate above 0");
        }
        if (perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("'" + asWritten + "' is above the limit of "
                    + format(MAX_PER_SECOND));
        }
        return perSecond;
    }

    /** The way the UI, reports and errors write a rate: {@code 500/s}, {@code 0.5/s}. */
    public static String format(double perSecond) {
        if (perSecond == Math.rint(perSecond)) {
            return String.format(Locale.ROOT, "%d/s", (long) perSecond);
        }
        return String.format(Locale.ROOT, "%s/s", stripZeros(String.format(Locale.ROOT, "%.3f", perSecond)));
    }

    private static String stripZeros(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
