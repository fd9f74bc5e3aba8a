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
}
