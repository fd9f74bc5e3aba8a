package io.stampede.bench.delay;

import java.util.Arrays;

/**
 * Every recorded value kept, so percentiles are exact (no histogram buckets): the reference the
 * load tool's histogram-based percentiles are compared with. Bounded, thread-safe.
 */
public final class ExactPercentiles {

    private final long[] values;
    private int count;

    public ExactPercentiles(int capacity) {
        this.values = new long[capacity];
    }

    /** @return false when full (the value is dropped and counted nowhere) */
    public synchronized boolean record(long value) {
        if (count == values.length) {
            return false;
        }
        values[count++] = value;
        return true;
    }

    public synchronized int count() {
        return count;
    }

    public synchronized void reset() {
        count = 0;
    }

    /**
     * The value at {@code percentile} (0-100] with the same rank rule as HdrHistogram's
     * {@code getValueAtPercentile}: the smallest recorded value that at least that share of
     * the values do not exceed.
     */
    public long[] valuesAt(double... percentiles) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(values, count);
        }
        Arrays.sort(sorted);
        long[] result = new long[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            if (sorted.length == 0) {
                continue;
            }
            long rank = (long) Math.ceil(percentiles[i] / 100.0 * sorted.length);
            result[i] = sorted[(int) Math.clamp(rank - 1, 0, sorted.length - 1)];
        }
        return result;
    }
}
