package io.stampede.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

class BucketCountsTest {

    @Test
    void theIndexArithmeticIsHdrHistogramsForTheStatsPrecision() {
        Histogram reference = HistogramCodec.newHistogram();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long value = i < 5000 ? i : random.nextLong(0, 1L << random.nextInt(1, 62));
            int index = HistogramCodec.bucketIndex(value);
            long lowest = reference.lowestEquivalentValue(value);
            assertThat(HistogramCodec.bucketValue(index)).as("value %d", value).isEqualTo(lowest);
            assertThat(HistogramCodec.bucketIndex(lowest)).isEqualTo(index);
            // The next bucket starts where HdrHistogram says this one ends.
            assertThat(HistogramCodec.bucketValue(index + 1)).isEqualTo(reference.nextNonEquivalentValue(value));
        }
    }

    @Test
    void summedReportsGiveTheHistogramOfEverySampleRecordedDirectly() {
        SplittableRandom random = new SplittableRandom(11);
        Histogram direct = HistogramCodec.newHistogram();
        BucketCounts sum = new BucketCounts();
        BucketCounts otherSum = new BucketCounts();
        for (int report = 0; report < 400; report++) {
            Histogram one = HistogramCodec.newHistogram();
            double scale = Math.pow(10, random.nextInt(0, 8)); // 1 µs .. 10 s: the array grows on the way
            for (int i = random.nextInt(0, 300); i > 0; i--) {
                one.recordValueWithCount((long) (scale * Math.exp(random.nextGaussian())), 1 + random.nextInt(5));
            }
            direct.add(one);
            HistogramCodec.RecordedCounts recorded = HistogramCodec.decodeRecorded(HistogramCodec.encodeUncompressed(one));
            (report % 2 == 0 ? sum : otherSum).add(recorded);
        }
        sum.add(otherSum);

        Histogram merged = histogramOf(sum);
        assertThat(merged.getTotalCount()).isEqualTo(direct.getTotalCount());
        assertThat(merged.getMaxValue()).isEqualTo(direct.getMaxValue());
        assertThat(merged.getMinNonZeroValue()).isEqualTo(direct.getMinNonZeroValue());
        for (double p : new double[] {0, 1, 25, 50, 90, 99, 99.9, 99.99, 100}) {
            assertThat(merged.getValueAtPercentile(p)).as("p%s", p).isEqualTo(direct.getValueAtPercentile(p));
        }
        for (HistogramIterationValue bucket : direct.recordedValues()) {
            assertThat(merged.getCountAtValue(bucket.getValueIteratedTo())).isEqualTo(bucket.getCountAtValueIteratedTo());
        }
        assertThat(sum.copy().toDistribution().count()).isEqualTo(direct.getTotalCount());
    }

    @Test
    void resetEmptiesTheCountsAndTheyFillAgain() {
        Histogram one = HistogramCodec.newHistogram();
        one.recordValueWithCount(1500, 3);
        one.recordValueWithCount(250_000, 2);
        HistogramCodec.RecordedCounts recorded = HistogramCodec.decodeRecorded(HistogramCodec.encode(one));
        BucketCounts counts = new BucketCounts();
        counts.add(recorded);
        counts.add(recorded);
        assertThat(counts.toDistribution().count()).isEqualTo(10);

        counts.reset();
        assertThat(counts.toDistribution().count()).isZero();
        counts.add(HistogramCodec.RecordedCounts.EMPTY);
        counts.add(new BucketCounts());
        assertThat(counts.toDistribution().count()).isZero();

        counts.add(recorded);
        Histogram again = histogramOf(counts);
        assertThat(again.getTotalCount()).isEqualTo(5);
        assertThat(again.getCountAtValue(1500)).isEqualTo(3);
        assertThat(again.getValueAtPercentile(100)).isEqualTo(one.getValueAtPercentile(100));
    }

    /** The counts' distribution, back in an HdrHistogram to compare with HdrHistogram's own. */
    private static Histogram histogramOf(BucketCounts counts) {
        Histogram histogram = HistogramCodec.newHistogram();
        counts.toDistribution().addTo(histogram);
        return histogram;
    }
}
