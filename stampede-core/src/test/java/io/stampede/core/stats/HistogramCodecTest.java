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
    void theUncompressedEncodingDecodesToTheSameBucketsAsTheCompressedOne() {
        SplittableRandom random = new SplittableRandom(2);
        for (int round = 0; round < 300; round++) {
            Histogram source = HistogramCodec.newHistogram();
            int samples = random.nextInt(0, 2000);
            double scale = Math.pow(10, random.nextInt(0, 9));
            for (int i = 0; i < samples; i++) {
                source.recordValueWithCount((long) (scale * Math.exp(random.nextGaussian())), 1 + random.nextInt(3));
            }
            if (round % 10 == 0) {
                source.recordValue(0);
            }
            String compressed = HistogramCodec.encode(source);
            String uncompressed = HistogramCodec.encode(source, HistogramCodec.Encoding.UNCOMPRESSED);
            assertThat(uncompressed).isEqualTo(HistogramCodec.encodeUncompressed(source)).isNotEqualTo(compressed);
            // The form HdrHistogram's own uncompressed decoder reads.
            Histogram byLibrary = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(uncompressed)), 0);
            assertThat(byLibrary).as("round %d", round).isEqualTo(source);

            HistogramCodec.RecordedCounts fromUncompressed = HistogramCodec.decodeRecorded(uncompressed);
            HistogramCodec.RecordedCounts fromCompressed = HistogramCodec.decodeRecorded(compressed);
            assertThat(fromUncompressed.size()).isEqualTo(fromCompressed.size());
            assertThat(java.util.Arrays.copyOf(fromUncompressed.indexes(), fromUncompressed.size()))
                    .isEqualTo(java.util.Arrays.copyOf(fromCompressed.indexes(), fromCompressed.size()));
            assertThat(java.util.Arrays.copyOf(fromUncompressed.counts(), fromUncompressed.size()))
                    .isEqualTo(java.util.Arrays.copyOf(fromCompressed.counts(), fromCompressed.size()));
            Histogram merged = HistogramCodec.newHistogram();
            fromUncompressed.addTo(merged);
            Histogram viaLibrary = HistogramCodec.newHistogram();
            viaLibrary.add(HistogramCodec.decode(compressed));
            assertThat(merged).as("round %d", round).isEqualTo(viaLibrary);
            assertThat(HistogramCodec.decode(uncompressed)).isEqualTo(HistogramCodec.decode(compressed));
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
            Histogram viaUncompressed = HistogramCodec.newHistogram();
            HistogramCodec.decodeRecorded(HistogramCodec.encodeUncompressed(source)).addTo(viaUncompressed);
            assertThat(viaUncompressed).as("%d digits, uncompressed", digits).isEqualTo(viaLibrary);
        }
    }

    @Test
    void aHistogramInsideALargerArrayDecodesAsItDoesAlone() {
        Histogram plain = HistogramCodec.newHistogram();
        Histogram shifted = new Histogram(1, 3_600_000_000_000L, HistogramCodec.SIGNIFICANT_DIGITS);
        for (long v = 3; v < 50_000_000L; v = v * 2 + 1) {
            plain.recordValueWithCount(v, 1 + v % 5);
            shifted.recordValueWithCount(v, 1 + v % 5);
        }
        shifted.shiftValuesLeft(3); // a non-zero normalizing offset: HdrHistogram's own decoder reads it
        for (Histogram source : new Histogram[] {plain, shifted}) {
            for (HistogramCodec.Encoding encoding : HistogramCodec.Encoding.values()) {
                byte[] alone = Base64.getDecoder().decode(HistogramCodec.encode(source, encoding));
                byte[] inside = new byte[alone.length + 17];
                java.util.Arrays.fill(inside, (byte) 0x5a);
                System.arraycopy(alone, 0, inside, 11, alone.length);

                HistogramCodec.RecordedCounts expected = HistogramCodec.decodeRecorded(alone, alone.length);
                HistogramCodec.RecordedCounts actual = HistogramCodec.recordedDecoder().decodeRecorded(inside, 11, alone.length);
                assertThat(expected.totalCount()).as("%s", encoding).isEqualTo(source.getTotalCount());
                assertThat(java.util.Arrays.copyOf(actual.indexes(), actual.size()))
                        .as("%s", encoding).isEqualTo(java.util.Arrays.copyOf(expected.indexes(), expected.size()));
                assertThat(java.util.Arrays.copyOf(actual.counts(), actual.size()))
                        .isEqualTo(java.util.Arrays.copyOf(expected.counts(), expected.size()));
            }
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

        byte[] uncompressed = Base64.getDecoder().decode(HistogramCodec.encodeUncompressed(some));
        ByteBuffer.wrap(uncompressed).putInt(4, uncompressed.length); // a payload longer than the bytes
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded(Base64.getEncoder().encodeToString(uncompressed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded HdrHistogram");
        byte[] truncated = java.util.Arrays.copyOf(Base64.getDecoder().decode(HistogramCodec.encodeUncompressed(some)), 30);
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded(Base64.getEncoder().encodeToString(truncated)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded HdrHistogram");
        byte[] overlong = Base64.getDecoder().decode(HistogramCodec.encodeUncompressed(some));
        overlong[overlong.length - 1] |= (byte) 0x80; // the last count's LEB128 says more bytes follow
        assertThatThrownBy(() -> HistogramCodec.decodeRecorded(Base64.getEncoder().encodeToString(overlong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded HdrHistogram");
    }
}
