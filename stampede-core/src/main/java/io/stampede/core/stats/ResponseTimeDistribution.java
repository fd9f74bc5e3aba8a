package io.stampede.core.stats;

import java.util.Arrays;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * An immutable distribution of response times in microseconds, on the buckets of
 * {@link HistogramCodec#newHistogram()} (3 significant digits: exact below 2048 µs, within 0.1%
 * above). Percentiles come from the exactly merged buckets of every sample, never from averaged
 * per-worker percentiles, and equal HdrHistogram's own (ResponseTimeDistributionTest).
 *
 * <p>Only the recorded buckets are kept, ascending, with their running totals. A coordinator
 * builds one per changed row for every snapshot (a thousand workers change every row between two
 * polls of the UI): as an HdrHistogram it was a fresh counts array of the whole range (~80 KB for
 * latencies up to half a second) filled value by value, then scanned once more for the
 * percentiles; here it is the few hundred or thousand buckets that hold samples, and any
 * percentile is a binary search of the running totals.
 */
public final class ResponseTimeDistribution {

    public static final ResponseTimeDistribution EMPTY = new ResponseTimeDistribution(new int[0], new long[0]);

    /** The recorded buckets' indexes in a {@link HistogramCodec#newHistogram()}, strictly ascending. */
    private final int[] indexes;
    /** {@code cumulative[i]}: the samples in buckets {@code indexes[0..i]}. */
    private final long[] cumulative;

    /** Takes both arrays as they are: the caller never changes them again. */
    private ResponseTimeDistribution(int[] indexes, long[] cumulative) {
        this.indexes = indexes;
        this.cumulative = cumulative;
    }

    /**
     * The buckets {@code counts[lowest..highest]} of a {@link HistogramCodec#newHistogram()}'s
     * layout (zeros skipped): what {@link BucketCounts} hands over.
     */
    static ResponseTimeDistribution ofBucketRange(long[] counts, int lowest, int highest) {
        int recorded = 0;
        for (int i = lowest; i <= highest; i++) {
            if (counts[i] != 0) {
                recorded++;
            }
        }
        if (recorded == 0) {
            return EMPTY;
        }
        int[] indexes = new int[recorded];
        long[] cumulative = new long[recorded];
        long running = 0;
        int at = 0;
        for (int i = lowest; i <= highest; i++) {
            if (counts[i] != 0) {
                running += counts[i];
                indexes[at] = i;
                cumulative[at] = running;
                at++;
            }
        }
        return new ResponseTimeDistribution(indexes, cumulative);
    }

    /**
     * Recorded buckets as {@link HistogramCodec#decodeRecorded} gives them: ascending, where a
     * histogram of a finer precision may map several of its buckets to one of ours (added up here).
     */
    static ResponseTimeDistribution ofRecorded(HistogramCodec.RecordedCounts recorded) {
        int size = recorded.size();
        int[] indexes = new int[size];
        long[] cumulative = new long[size];
        long running = 0;
        int at = -1;
        for (int i = 0; i < size; i++) {
            long count = recorded.counts()[i];
            if (count == 0) {
                continue;
            }
            running += count;
            int index = recorded.indexes()[i];
            if (at < 0 || indexes[at] != index) {
                at++;
                indexes[at] = index;
            }
            cumulative[at] = running;
        }
        int kept = at + 1;
        if (kept == 0) {
            return EMPTY;
        }
        return kept == size ? new ResponseTimeDistribution(indexes, cumulative)
                : new ResponseTimeDistribution(Arrays.copyOf(indexes, kept), Arrays.copyOf(cumulative, kept));
    }

    /** A copy of the histogram's current contents (microseconds), at this class's precision. */
    public static ResponseTimeDistribution copyOf(AbstractHistogram histogram) {
        AbstractHistogram source = histogram;
        if (histogram.getNumberOfSignificantValueDigits() != HistogramCodec.SIGNIFICANT_DIGITS
                || histogram.getLowestDiscernibleValue() != 1) {
            // Re-bucketed by HdrHistogram itself, as any add between layouts is.
            Histogram rebucketed = HistogramCodec.newHistogram();
            rebucketed.add(histogram);
            source = rebucketed;
        }
        return ofRecorded(HistogramCodec.RecordedCounts.of(source));
    }

    /** HdrHistogram's encoding, compressed or not, Base64 (see {@link HistogramCodec}). */
    public static ResponseTimeDistribution decode(String base64) {
        return ofRecorded(HistogramCodec.decodeRecorded(base64));
    }

    public long count() {
        return indexes.length == 0 ? 0 : cumulative[indexes.length - 1];
    }

    /**
     * The smallest recorded value (within the histogram's precision, 0.1%) that at least
     * {@code quantile} of all samples are less than or equal to; 0 when empty. The lower edge of
     * its bucket: values below 2048 µs are exact, larger ones within 0.1%, and a run of identical
     * samples reports their own value rather than the bucket's top.
     *
     * @param quantile in [0, 1], e.g. 0.99
     */
    public long valueAtQuantileMicros(double quantile) {
        if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
        }
        long total = count();
        if (total == 0) {
            return 0;
        }
        // HdrHistogram's rule (getValueAtPercentile): the first bucket whose running total reaches
        // max(1, ceil(p × total / 100)), p nudged down by one ulp.
        double requested = Math.min(Math.max(Math.nextAfter(quantile * 100.0, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        long countAtQuantile = Math.max(1, (long) Math.ceil((requested * total) / 100.0));
        // The running totals rise strictly (no empty bucket is kept): a match is the first to reach it.
        int at = Arrays.binarySearch(cumulative, countAtQuantile);
        if (at < 0) {
            at = -at - 1; // the first running total above it
        }
        return HistogramCodec.bucketValue(indexes[Math.min(at, indexes.length - 1)]);
    }

    /** {@link #valueAtQuantileMicros} in milliseconds. */
    public double percentileMillis(double quantile) {
        return valueAtQuantileMicros(quantile) / 1000.0;
    }

    /** The mean as HdrHistogram computes it: each bucket's samples at the bucket's middle value. */
    public double meanMillis() {
        long total = count();
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        long previous = 0;
        for (int i = 0; i < indexes.length; i++) {
            long count = cumulative[i] - previous;
            previous = cumulative[i];
            sum += HistogramCodec.bucketMiddleValue(indexes[i]) * (double) count;
        }
        return sum / total / 1000.0;
    }

    /**
     * The samples per bucket of a classic (Prometheus-style) histogram: element {@code i} counts
     * the samples in {@code (upperBoundsMicros[i-1], upperBoundsMicros[i]]}, the extra last element
     * those above the last bound. A sample is placed by the lowest value of its bucket (exact below
     * 2048 µs, within 0.1% above), so bucket totals are exact counts of the merged samples, never
     * interpolated.
     *
     * @param upperBoundsMicros strictly increasing
     */
    public long[] bucketCounts(long[] upperBoundsMicros) {
        long[] counts = new long[upperBoundsMicros.length + 1];
        long previous = 0;
        for (int i = 0; i < indexes.length; i++) {
            int at = Arrays.binarySearch(upperBoundsMicros, HistogramCodec.bucketValue(indexes[i]));
            counts[at >= 0 ? at : -at - 1] += cumulative[i] - previous;
            previous = cumulative[i];
        }
        return counts;
    }

    /** Adds this distribution's samples to {@code target} (which must auto-resize or cover them). */
    public void addTo(AbstractHistogram target) {
        long previous = 0;
        for (int i = 0; i < indexes.length; i++) {
            target.recordValueWithCount(HistogramCodec.bucketValue(indexes[i]), cumulative[i] - previous);
            previous = cumulative[i];
        }
    }

    /** HdrHistogram's compressed encoding, Base64 (see {@link HistogramCodec}). */
    public String encode() {
        Histogram histogram = HistogramCodec.newHistogram();
        addTo(histogram);
        return HistogramCodec.encode(histogram);
    }

    @Override
    public String toString() {
        return "ResponseTimeDistribution[count=" + count() + "]";
    }
}
