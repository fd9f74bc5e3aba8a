package io.stampede.coordinator.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Number, label and CSV formatting shared by the Locust-format views. */
public final class StatsFormat {

    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private StatsFormat() {
    }

    /** Milliseconds rounded to whole microseconds, as a JSON/CSV number. */
    public static double roundMillis(double millis) {
        if (!Double.isFinite(millis)) {
            return 0;
        }
        return BigDecimal.valueOf(millis).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    /** Milliseconds as text with at most 3 decimals and no trailing zeros: {@code 12}, {@code 0.213}. */
    static String millis(double millis) {
        if (!Double.isFinite(millis)) {
            return "0";
        }
        return BigDecimal.valueOf(millis).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A float as Python's {@code str(float)} writes it in plain notation: {@code 12.0}, {@code 0.5}. */
    static String pyFloat(double value) {
        if (!Double.isFinite(value)) {
            return "0.0";
        }
        String text = BigDecimal.valueOf(value).toPlainString();
        return text.contains(".") ? text : text + ".0";
    }

    /** Locust's {@code get_readable_percentiles}: 0.5 → {@code 50%}, 0.999 → {@code 99.9%}. */
    static String percentileLabel(double quantile) {
        return BigDecimal.valueOf(quantile).multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + "%";
    }

    /** Locust's JSON key {@code response_time_percentile_<python float>}. */
    static String percentileKey(double quantile) {
        return "response_time_percentile_" + quantile;
    }

    static String utcSeconds(long epochMillis) {
        return UTC_SECONDS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** One CSV record as Python's {@code csv.writer} writes it: minimal quoting, CRLF line end. */
    static void csvRow(StringBuilder out, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object field = fields.get(i);
            String text = field == null ? "" : field.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                out.append(text);
            }
        }
        out.append("\r\n");
    }

    /** Escapes text for HTML element content and attribute values. */
    static String html(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
