package io.stampede.core.stats;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * An immutable distribution of response times (an HdrHistogram in microseconds, 3 significant
 * digits). Percentiles come from the exactly merged histogram of every sample, never from
 * averaged per-worker percentiles.
 */
public final class ResponseTimeDistribution {

    public static final ResponseTimeDistribution EMPTY = new ResponseTimeDistribution(HistogramCodec.newHistogram());

    /** A private copy: never mutated after construction, so reading it from any thread is safe. */
    private final Histogram histogram;
    /**
     * Percentiles already computed: each is a scan of the counts, and the same distribution serves
     * many snapshots, documents and tables until its row changes.
     */
    private final java.util.concurrent.ConcurrentHashMap<Double, Long> quantileMemo = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean reportedMemoized;

    private ResponseTimeDistribution(Histogram histogram) {
        this.histogram = histogram;
    }

    /** A copy of the histogram's current contents (microseconds). */
    public static ResponseTimeDistribution copyOf(AbstractHistogram histogram) {
        if (histogram.getNumberOfSignificantValueDigits() != HistogramCodec.SIGNIFICANT_DIGITS
                || histogram.getLowestDiscernibleValue() != 1) {
            Histogram copy = HistogramCodec.newHistogram();
            copy.add(histogram);
            return new ResponseTimeDistribution(copy);
        }
        // Sized like the source from the start: an empty auto-resizing histogram grew its counts
        // array step by step on the add, and every /stats/requests poll copies every row.
        Histogram copy = new Histogram(histogram);
        copy.setAutoResize(true);
        copy.add(histogram);
        return new ResponseTimeDistribution(copy);
    }

    /** Takes {@code histogram} as it is, which the caller must never change again (a copy it just made). */
    static ResponseTimeDistribution of(Histogram histogram) {
        return new ResponseTimeDistribution(histogram);
    }

    public static ResponseTimeDistribution decode(String base64) {
        return new ResponseTimeDistribution(HistogramCodec.decode(base64));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The smallest recorded value (within the histogram's precision, 0.1%) that at least
     * {@code quantile} of all samples are less than or equal to; 0 when empty.
     *
     * @param quantile in [0, 1], e.g. 0.99
     */
    public long valueAtQuantileMicros(double quantile) {
        if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
        }
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        Long known = quantileMemo.get(quantile);
        if (known != null) {
            return known;
        }
        if (!reportedMemoized && REPORTED.contains(quantile) && hasStatsLayout()) {
            memoizeReportedQuantiles(); // two threads may both do it: the same values
            reportedMemoized = true;
            return quantileMemo.get(quantile);
        }
        // The lower edge of the bucket: values below 2048 µs are exact, larger ones within 0.1%,
        // and a run of identical samples reports their own value rather than the bucket's top.
        return quantileMemo.computeIfAbsent(quantile,
                q -> histogram.lowestEquivalentValue(histogram.getValueAtPercentile(q * 100.0)));
    }

    /** The quantiles every stats document and table asks each row for (Locust's, which include the charted ones). */
    private static final java.util.List<Double> REPORTED = StatsSnapshot.REPORTED_PERCENTILES;

    /** Counts indexed as {@link HistogramCodec#newHistogram()}'s, which {@link HistogramCodec#bucketValue} reads. */
    private boolean hasStatsLayout() {
        return histogram.getNumberOfSignificantValueDigits() == HistogramCodec.SIGNIFICANT_DIGITS
                && histogram.getLowestDiscernibleValue() == 1;
    }

    /**
     * Every reported quantile in one pass over the counts, where {@code getValueAtPercentile} scans
     * them from the start once per quantile: a row's eleven quantiles were eleven scans of
     * thousands of buckets, for every changed row of every snapshot. Same rule as HdrHistogram's
     * (the first bucket whose cumulative count reaches {@code max(1, ceil(q × total))}, with q
     * nudged down by one ulp as it does), so the values are identical (ResponseTimeDistributionTest).
     */
    private void memoizeReportedQuantiles() {
        long total = histogram.getTotalCount();
        int n = REPORTED.size(); // ascending
        long[] countAt = new long[n];
        for (int k = 0; k < n; k++) {
            double requested = Math.min(Math.max(Math.nextAfter(REPORTED.get(k) * 100.0, Double.NEGATIVE_INFINITY), 0.0), 100.0);
            countAt[k] = Math.max(1, (long) Math.ceil((requested * total) / 100.0));
        }
        int last = HistogramCodec.bucketIndex(histogram.getMaxValue());
        long cumulative = 0;
        int next = 0;
        for (int i = 0; i <= last && next < n; i++) {
            cumulative += histogram.getCountAtValue(HistogramCodec.bucketValue(i)); // its index is package-private
            while (next < n && cumulative >= countAt[next]) {
                quantileMemo.put(REPORTED.get(next), HistogramCodec.bucketValue(i));
                next++;
            }
        }
        for (; next < n; next++) { // not reached: the counts end at the maximum
            double q = REPORTED.get(next);
            quantileMemo.put(q, histogram.lowestEquivalentValue(histogram.getValueAtPercentile(q * 100.0)));
        }
    }

    /** {@link #valueAtQuantileMicros} in milliseconds. */
    public double percentileMillis(double quantile) {
        return valueAtQuantileMicros(quantile) / 1000.0;
    }

    public double meanMillis() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMean() / 1000.0;
    }

    /**
     * The samples per bucket of a classic (Prometheus-style) histogram: element {@code i} counts
     * the samples in {@code (upperBoundsMicros[i-1], upperBoundsMicros[i]]}, the extra last element
     * those above the last bound. A sample is placed by the lowest value of its HdrHistogram bucket
     * (exact below 2048 µs, within 0.1% above), so bucket totals are exact counts of the merged
     * samples, never interpolated.
     *
     * @param upperBoundsMicros strictly increasing
     */
    public long[] bucketCounts(long[] upperBoundsMicros) {
        long[] counts = new long[upperBoundsMicros.length + 1];
        for (org.HdrHistogram.HistogramIterationValue value : histogram.recordedValues()) {
            long lowest = histogram.lowestEquivalentValue(value.getValueIteratedTo());
            int index = java.util.Arrays.binarySearch(upperBoundsMicros, lowest);
            counts[index >= 0 ? index : -index - 1] += value.getCountAtValueIteratedTo();
        }
        return counts;
    }

    /** Adds this distribution's samples to {@code target}. */
    public void addTo(AbstractHistogram target) {
        target.add(histogram);
    }

    /** HdrHistogram's compressed encoding, Base64 (see {@link HistogramCodec}). */
    public String encode() {
        return HistogramCodec.encode(histogram);
    }

    @Override
    public String toString() {
        return "ResponseTimeDistribution[count=" + count() + "]";
    }
}
