package io.stampede.core.stats;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HistogramCodec#decodeRecorded} must give exactly what HdrHistogram's own decoder gives. */
class HistogramCodecTest {

    @Test
    void recordedBucketsEqualHdrHistogramsDecodeForManyShapes() {
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 300; round++) {
            Histogram source = HistogramCodec.newHistogram();
            int samples = random.nextInt(0, 2000);
            double scale = Math.pow(10, random.nextInt(0, 9)); // 1 µs .. 100 s and beyond
            for (int i = 0; i < samples; i++) {
                source.recordValueWithCount((long) (scale * Math.exp(random.nextGaussian())), 1 + random.nextInt(3));
            }
            if (round % 10 == 0) {
                source.recordValue(0);
            }
            String encoded = HistogramCodec.encode(source);

            Histogram viaRecorded = HistogramCodec.newHistogram();
            HistogramCodec.RecordedCounts recorded = HistogramCodec.decodeRecorded(encoded);
            recorded.addTo(viaRecorded);
            Histogram viaLibrary = HistogramCodec.newHistogram();
            viaLibrary.add(HistogramCodec.decode(encoded));

            assertThat(recorded.totalCount()).isEqualTo(source.getTotalCount());
            assertThat(viaRecorded).as("round %d", round).isEqualTo(viaLibrary);
            assertThat(viaRecorded.getValueAtPercentile(99)).isEqualTo(source.getValueAtPercentile(99));
        }
    }

    @Test
    void otherPrecisionsAndUnitsAreReadToo() {
        for (int digits = 0; digits <= 5; digits++) {
            Histogram source = new Histogram(1000, 3_600_000_000L, digits);
            for (long v = 1000; v < 3_000_000_000L; v = v * 3 + 7) {
                source.recordValue(v);
            }
            Histogram viaRecorded = HistogramCodec.newHistogram();
            HistogramCodec.decodeRecorded(HistogramCodec.encode(source)).addTo(viaRecorded);
            Histogram viaLibrary = HistogramCodec.newHistogram();
            viaLibrary.add(HistogramCodec.decode(HistogramCodec.encode(source)));
            assertThat(viaRecorded).as("%d digits", digits).isEqualTo(viaLibrary);
        }
    }

    @Test
    void emptyAndBrokenInput() {
        assertThat(HistogramCodec.decodeRecorded("").size()).isZero();
        assertThat(HistogramCodec.decodeRecorded(HistogramCodec.encode(HistogramCodec.newHistogram())).size()).isZero();
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded HdrHistogram");
        Histogram some = HistogramCodec.newHistogram();
        some.recordValue(1234);
        byte[] bytes = Base64.getDecoder().decode(HistogramCodec.encode(some));
        ByteBuffer.wrap(bytes).putInt(4, bytes.length); // claims more compressed bytes than there are
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded(Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded HdrHistogram");
        byte[] garbled = Base64.getDecoder().decode(HistogramCodec.encode(some));
        for (int i = 8; i < garbled.length; i++) {
            garbled[i] = (byte) 0x5a;
        }
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded(Base64.getEncoder().encodeToString(garbled)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
