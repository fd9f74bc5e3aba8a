package io.stampede.core.stats;

/**
 * Open-model iterations across all workers since the run started (or the last reset).
 *
 * @param started          iterations that began, on time or late
 * @param dropped          iterations that were due but dropped: too many already waited for a
 *                         slot under the in-flight cap
 * @param currentRate      iterations started per second over the last ~10 s (the achieved rate)
 * @param currentDropRate  iterations dropped per second over the same window
 * @param scheduleLag      how late the workers noticed due iterations (microseconds): the
 *                         generator's own timing error, e.g. p99 of the inter-arrival error
 */
public record IterationStats(long started, long dropped, double currentRate, double currentDropRate,
                             ResponseTimeDistribution scheduleLag) {

    public static final IterationStats NONE = new IterationStats(0, 0, 0, 0, ResponseTimeDistribution.EMPTY);

    public IterationStats {
        scheduleLag = scheduleLag == null ? ResponseTimeDistribution.EMPTY : scheduleLag;
    }
}
