package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResponseTimeDistributionTest {

    @Test
    void percentilesEqualHdrHistogramsAtTheBucketsLowerEdge() {
        SplittableRandom random = new SplittableRandom(7);
        double[] quantiles = {0, 0.001, 0.1, 0.25, 0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0};
        for (int round = 0; round < 200; round++) {
            Histogram histogram = HistogramCodec.newHistogram();
            int samples = random.nextInt(1, 3000);
            double scale = Math.pow(10, random.nextInt(0, 8));
            for (int i = 0; i < samples; i++) {
                histogram.recordValueWithCount((long) (scale * Math.exp(random.nextGaussian())), 1 + random.nextInt(4));
            }
            ResponseTimeDistribution distribution = ResponseTimeDistribution.copyOf(histogram);
            assertThat(distribution.count()).isEqualTo(histogram.getTotalCount());
            assertThat(distribution.meanMillis()).as("round %d mean", round)
                    .isCloseTo(histogram.getMean() / 1000.0, org.assertj.core.data.Percentage.withPercentage(1e-9));
            for (double q : quantiles) {
                long expected = histogram.lowestEquivalentValue(histogram.getValueAtPercentile(q * 100));
                assertThat(distribution.valueAtQuantileMicros(q)).as("round %d q %s", round, q).isEqualTo(expected);
            }
            // Round trips through the wire encoding and addTo keep every bucket.
            Histogram rebuilt = HistogramCodec.newHistogram();
            ResponseTimeDistribution.decode(distribution.encode()).addTo(rebuilt);
            assertThat(rebuilt.getTotalCount()).isEqualTo(histogram.getTotalCount());
            assertThat(rebuilt.getValueAtPercentile(99)).isEqualTo(histogram.getValueAtPercentile(99));
        }
        assertThat(ResponseTimeDistribution.EMPTY.valueAtQuantileMicros(0.5)).isZero();
        assertThat(ResponseTimeDistribution.EMPTY.count()).isZero();
    }

    @Test
    void theReportedQuantilesEqualHdrHistogramsFromCopiesAndFromSummedCounts() {
        SplittableRandom random = new SplittableRandom(13);
        java.util.List<Double> reported = new java.util.ArrayList<>(StatsSnapshot.REPORTED_PERCENTILES);
        for (int round = 0; round < 300; round++) {
            Histogram histogram = HistogramCodec.newHistogram();
            int samples = round % 50 == 0 ? 1 : random.nextInt(1, 3000);
            double scale = Math.pow(10, random.nextInt(0, 8));
            for (int i = 0; i < samples; i++) {
                long value = round % 7 == 0 ? random.nextInt(0, 3) : (long) (scale * Math.exp(random.nextGaussian()));
                histogram.recordValueWithCount(value, 1 + random.nextInt(4));
            }
            // Asked in any order: nothing may depend on an earlier question.
            java.util.Collections.shuffle(reported, new java.util.Random(round));
            ResponseTimeDistribution distribution = ResponseTimeDistribution.copyOf(histogram);
            for (double q : reported) {
                long expected = histogram.lowestEquivalentValue(histogram.getValueAtPercentile(q * 100));
                assertThat(distribution.valueAtQuantileMicros(q)).as("round %d q %s", round, q).isEqualTo(expected);
            }
            // A row's sums as a snapshot builds them take the same path.
            BucketCounts counts = new BucketCounts();
            counts.add(HistogramCodec.decodeRecorded(HistogramCodec.encodeUncompressed(histogram)));
            ResponseTimeDistribution fromSums = counts.toDistribution();
            for (double q : reported) {
                assertThat(fromSums.valueAtQuantileMicros(q)).as("round %d q %s from sums", round, q)
                        .isEqualTo(distribution.valueAtQuantileMicros(q));
            }
        }
    }

    @Test
    void bucketCountsPlaceEverySampleByItsRecordedValue() {
        Histogram histogram = HistogramCodec.newHistogram();
        histogram.recordValueWithCount(1000, 3);   // exactly on a bound: counted in it (le)
        histogram.recordValueWithCount(1001, 2);   // just above: next bucket
        histogram.recordValue(5000);
        histogram.recordValueWithCount(250_000, 4);
        histogram.recordValue(90_000_000);          // above every bound
        long[] counts = ResponseTimeDistribution.copyOf(histogram).bucketCounts(new long[] {1000, 5000, 250_000});
        assertThat(counts).containsExactly(3, 3, 4, 1);
        assertThat(ResponseTimeDistribution.EMPTY.bucketCounts(new long[] {1000})).containsExactly(0, 0);
    }

    @Test
    void bucketCountsAddUpToTheCountAndAgreeWithHdrHistogramWithinItsPrecision() {
        SplittableRandom random = new SplittableRandom(11);
        long[] bounds = {1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000};
        Histogram histogram = HistogramCodec.newHistogram();
        for (int i = 0; i < 20_000; i++) {
            histogram.recordValue((long) (20_000 * Math.exp(random.nextGaussian())));
        }
        long[] counts = ResponseTimeDistribution.copyOf(histogram).bucketCounts(bounds);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(histogram.getTotalCount());
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            // HdrHistogram's own count up to the bound's bucket: identical, both work on its buckets.
            assertThat(cumulative).as("le %d", bounds[i])
                    .isEqualTo(histogram.getCountBetweenValues(0, histogram.lowestEquivalentValue(bounds[i])));
        }
    }

    @Test
    void aFinerHistogramIsReBucketedAsHdrHistogramAddsIt() {
        SplittableRandom random = new SplittableRandom(17);
        Histogram fine = new Histogram(5); // several of its buckets fall in one of ours
        fine.setAutoResize(true);
        for (int i = 0; i < 5000; i++) {
            fine.recordValue((long) (30_000 * Math.exp(random.nextGaussian())));
        }
        Histogram reference = HistogramCodec.newHistogram();
        reference.add(fine);
        ResponseTimeDistribution copied = ResponseTimeDistribution.copyOf(fine);
        ResponseTimeDistribution decoded = ResponseTimeDistribution.decode(HistogramCodec.encode(fine));
        for (ResponseTimeDistribution distribution : java.util.List.of(copied, decoded)) {
            assertThat(distribution.count()).isEqualTo(5000);
            for (double q : new double[] {0, 0.5, 0.9, 0.99, 1}) {
                assertThat(distribution.valueAtQuantileMicros(q)).as("q %s", q)
                        .isEqualTo(reference.lowestEquivalentValue(reference.getValueAtPercentile(q * 100)));
            }
        }
    }
}
