package io.stampede.core.stats;

import java.util.Arrays;

/**
 * The counts array of a {@link HistogramCodec#newHistogram()}, summed by bucket index: what the
 * coordinator merges reports into. Adding a decoded report ({@link HistogramCodec.RecordedCounts},
 * which carries its buckets' indexes) is one array addition per bucket; HdrHistogram's
 * {@code recordValueWithCount} would turn each bucket's value back into its index and update the
 * histogram's total, minimum and maximum on every call (its add-by-index is package-private),
 * and with a thousand workers reporting 50 names a second those calls were the coordinator's
 * largest cost. A snapshot hands the sum out as a {@link ResponseTimeDistribution} ({@link #toDistribution}).
 *
 * <p>Not thread-safe: {@link StatsAggregator} holds its lock around every use.
 */
final class BucketCounts {

    private static final long[] NONE = new long[0];

    private long[] counts = NONE;
    /** The range of indexes that may hold counts; empty when {@code lowest > highest}. */
    private int lowest = Integer.MAX_VALUE;
    private int highest = -1;

    void add(HistogramCodec.RecordedCounts recorded) {
        int size = recorded.size();
        if (size == 0) {
            return;
        }
        int[] indexes = recorded.indexes();
        long[] added = recorded.counts();
        // Ascending: the first and last bucket bound the range.
        cover(indexes[0], indexes[size - 1]);
        long[] sums = counts;
        for (int i = 0; i < size; i++) {
            sums[indexes[i]] += added[i];
        }
    }

    void add(BucketCounts other) {
        if (other.highest < 0) {
            return;
        }
        cover(other.lowest, other.highest);
        long[] sums = counts;
        long[] added = other.counts;
        for (int i = other.lowest; i <= other.highest; i++) {
            sums[i] += added[i];
        }
    }

    /** Forgets every count; keeps the array for the next use. */
    void reset() {
        if (highest >= 0) {
            Arrays.fill(counts, lowest, highest + 1, 0);
        }
        lowest = Integer.MAX_VALUE;
        highest = -1;
    }

    BucketCounts copy() {
        BucketCounts copy = new BucketCounts();
        copy.add(this);
        return copy;
    }

    /** These counts as an immutable distribution (what a snapshot hands out). */
    ResponseTimeDistribution toDistribution() {
        return highest < 0 ? ResponseTimeDistribution.EMPTY
                : ResponseTimeDistribution.ofBucketRange(counts, lowest, highest);
    }

    private void cover(int from, int to) {
        if (to >= counts.length) {
            // Doubling, or straight to the bucket needed: an array grows a few times per row at most.
            counts = Arrays.copyOf(counts, Math.max(to + 1, counts.length * 2));
        }
        lowest = Math.min(lowest, from);
        highest = Math.max(highest, to);
    }
}
