package io.stampede.bench.fleet;

import java.util.Arrays;

/**
 * When each stats report left the fleet and the fleet's running total of requests after it,
 * so the lag until the coordinator shows that total can be computed afterwards. Bounded.
 */
final class SentLog {

    private final long[] sentNanos;
    private final long[] cumulative;
    private int count;
    private long total;

    SentLog(int capacity) {
        sentNanos = new long[capacity];
        cumulative = new long[capacity];
    }

    synchronized void sent(long requests) {
        long nanos = System.nanoTime();
        total += requests;
        if (count < sentNanos.length) {
            sentNanos[count] = nanos;
            cumulative[count] = total;
            count++;
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized int count() {
        return count;
    }

    /**
     * For every report: time from its sending to the first poll whose num_requests covered the
     * running total after it. Polls must be in time order with non-decreasing totals.
     *
     * @return lags in milliseconds of the reports some poll covered; {@code unseen} counts the rest
     */
    synchronized Lags lags(long[] pollNanos, long[] pollTotals, int polls) {
        double[] lags = new double[count];
        int seen = 0;
        int p = 0;
        for (int i = 0; i < count; i++) {
            while (p < polls && (pollNanos[p] < sentNanos[i] || pollTotals[p] < cumulative[i])) {
                p++;
            }
            if (p == polls) {
                break;
            }
            lags[seen++] = (pollNanos[p] - sentNanos[i]) / 1e6;
        }
        double[] sorted = Arrays.copyOf(lags, seen);
        Arrays.sort(sorted);
        return new Lags(sorted, count - seen);
    }

    record Lags(double[] sortedMillis, int unseen) {
        double percentile(double p) {
            if (sortedMillis.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sortedMillis.length);
            return sortedMillis[Math.clamp(rank - 1, 0, sortedMillis.length - 1)];
        }
    }
}
