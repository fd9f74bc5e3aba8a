package io.stampede.coordinator.experiment.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What "sustainable" means for a capacity search: a step meets the SLO when its p99 stays at or
 * below {@code maxP99Millis}, its fail ratio at or below {@code maxFailRatio} and it achieved at
 * least {@code minAchievedRatio} of the requested rate.
 *
 * @param maxP99Millis     highest acceptable p99 (ms)
 * @param correctedLatency true (the default): judge the p99 measured from each request's intended
 *                         start, so a target that stalls the generator cannot hide its queueing
 * @param maxFailRatio     highest acceptable failed/all ratio (default 0.01)
 * @param minAchievedRatio lowest acceptable achieved/requested ratio (default 0.95)
 */
public record Slo(double maxP99Millis, boolean correctedLatency, double maxFailRatio, double minAchievedRatio) {

    public static final double DEFAULT_MAX_FAIL_RATIO = 0.01;
    public static final double DEFAULT_MIN_ACHIEVED_RATIO = 0.95;

    public Slo {
        if (!(maxP99Millis > 0) || Double.isInfinite(maxP99Millis)) {
            throw new IllegalArgumentException("max_p99_ms: must be above 0, got " + maxP99Millis);
        }
        if (!(maxFailRatio >= 0 && maxFailRatio <= 1)) {
            throw new IllegalArgumentException("max_fail_ratio: must be between 0 and 1, got " + maxFailRatio);
        }
        if (!(minAchievedRatio >= 0 && minAchievedRatio <= 1)) {
            throw new IllegalArgumentException("min_achieved_ratio: must be between 0 and 1, got " + minAchievedRatio);
        }
    }

    /** p99 (corrected) at most {@code maxP99Millis}, fail ratio at most 1 %, achieved at least 95 % of requested. */
    public static Slo p99AtMost(double maxP99Millis) {
        return new Slo(maxP99Millis, true, DEFAULT_MAX_FAIL_RATIO, DEFAULT_MIN_ACHIEVED_RATIO);
    }

    /** Why {@code result} breaks this SLO, one sentence per broken bound; empty when it meets it. */
    public List<String> breaches(ProbeResult result) {
        List<String> why = new ArrayList<>();
        double p99 = correctedLatency ? result.correctedP99Millis() : result.p99Millis();
        if (!(p99 <= maxP99Millis)) { // NaN (no answer at all) breaks too
            why.add(String.format(Locale.ROOT, "%sp99 %.1f ms above %.1f ms", correctedLatency ? "corrected " : "",
                    p99, maxP99Millis));
        }
        if (result.failRatio() > maxFailRatio) {
            why.add(String.format(Locale.ROOT, "fail ratio %.2f%% above %.2f%%", result.failRatio() * 100,
                    maxFailRatio * 100));
        }
        if (!(result.achievedRatio() >= minAchievedRatio)) {
            why.add(String.format(Locale.ROOT, "achieved %.1f/s is %.0f%% of the requested %.1f/s, below %.0f%%",
                    result.achievedRate(), result.achievedRatio() * 100, result.requestedRate(), minAchievedRatio * 100));
        }
        return List.copyOf(why);
    }
}
