package io.stampede.core.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The wire form of a response-time histogram in {@link StatsDelta.EntryDelta#histogram()}:
 * HdrHistogram's compressed encoding ({@code encodeIntoCompressedByteBuffer}), Base64 text.
 * The format is HdrHistogram's own, so any HdrHistogram implementation can read it.
 */
public final class HistogramCodec {

    /** Response times are recorded in microseconds with 3 significant digits (0.1% error). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private HistogramCodec() {
    }

    /** A new auto-resizing histogram with the precision used everywhere in stats. */
    public static Histogram newHistogram() {
        Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
        return histogram;
    }

    /**
     * The target buffer must hold the uncompressed size (the whole counts array, 100+ KB for a
     * wide range) though the result is usually a few hundred bytes: it is kept per thread instead
     * of being allocated for every key of every drain.
     */
    private static final ThreadLocal<ByteBuffer> ENCODE_BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));

    public static String encode(AbstractHistogram histogram) {
        int needed = histogram.getNeededByteBufferCapacity();
        ByteBuffer buffer = ENCODE_BUFFERS.get();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
            ENCODE_BUFFERS.set(buffer);
        }
        buffer.clear();
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /**
     * @return an auto-resizing histogram, so other histograms of any range can be added to it
     * @throws IllegalArgumentException when the text is not an encoded histogram
     */
    public static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return newHistogram();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(buffer, 0);
            histogram.setAutoResize(true);
            return histogram;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** HdrHistogram's cookie base of its V2 compressed encoding (the word-size nibble masked out). */
    private static final int V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
    private static final int V2_COOKIE_BASE = 0x1c849303;
    private static final int V2_HEADER_BYTES = 40;
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    /**
     * Decodes only the non-empty buckets of an encoded histogram. Merging the result into
     * another histogram ({@link RecordedCounts#addTo}) costs one {@code recordValueWithCount}
     * per recorded bucket, where {@link #decode} plus {@code Histogram.add} allocate and scan
     * the whole counts array (thousands of buckets at 3 digits) several times: with a thousand
     * workers reporting 50 names a second that was the coordinator's top CPU and allocation
     * hotspot. Reads HdrHistogram's V2 compressed format (cookie, length, deflated header and
     * ZigZag-LEB128 counts with zero runs), the only one HdrHistogram 2.x writes; any other
     * encoding goes through {@link #decode}.
     *
     * @throws IllegalArgumentException when the text is not an encoded histogram
     */
    public static RecordedCounts decodeRecorded(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return RecordedCounts.EMPTY;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
        ByteBuffer compressed = ByteBuffer.wrap(bytes);
        if (bytes.length < 8 || (compressed.getInt(0) & ~0xf0) != V2_COMPRESSED_COOKIE_BASE) {
            return RecordedCounts.of(decode(base64));
        }
        int compressedLength = compressed.getInt(4);
        if (compressedLength < 0 || compressedLength > bytes.length - 8) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: compressed length " + compressedLength);
        }
        Inflater inflater = INFLATERS.get();
        try {
            inflater.reset();
            inflater.setInput(bytes, 8, compressedLength);
            byte[] header = new byte[V2_HEADER_BYTES];
            if (inflater.inflate(header) < V2_HEADER_BYTES) {
                throw new IllegalArgumentException("not an encoded HdrHistogram: truncated header");
            }
            ByteBuffer head = ByteBuffer.wrap(header);
            int cookie = head.getInt();
            int payloadLength = head.getInt();
            int normalizingIndexOffset = head.getInt();
            int digits = head.getInt();
            long lowestDiscernibleValue = head.getLong();
            if ((cookie & ~0xf0) != V2_COOKIE_BASE || normalizingIndexOffset != 0 || digits < 0 || digits > 5
                    || lowestDiscernibleValue < 1 || payloadLength < 0 || payloadLength > (64 << 20)) {
                return RecordedCounts.of(decode(base64)); // shifted or unusual: let HdrHistogram handle it
            }
            byte[] payload = new byte[payloadLength];
            int read = 0;
            while (read < payloadLength) {
                int n = inflater.inflate(payload, read, payloadLength - read);
                if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new IllegalArgumentException("not an encoded HdrHistogram: truncated counts");
                }
                read += n;
            }
            return readCounts(ByteBuffer.wrap(payload), digits, lowestDiscernibleValue);
        } catch (DataFormatException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** The counts payload: ZigZag LEB128 longs, a negative one being a run of that many empty buckets. */
    private static RecordedCounts readCounts(ByteBuffer payload, int digits, long lowestDiscernibleValue) {
        // Bucket layout as in HdrHistogram's AbstractHistogram.init, to turn an index into its value.
        long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, digits);
        int unitMagnitude = 63 - Long.numberOfLeadingZeros(lowestDiscernibleValue);
        int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2));
        int subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
        int subBucketHalfCount = 1 << subBucketHalfCountMagnitude;
        long[] values = new long[16];
        long[] counts = new long[16];
        int size = 0;
        long index = 0;
        while (payload.hasRemaining()) {
            long count = zigZagLong(payload);
            if (count < 0) {
                index -= count;
                continue;
            }
            if (count > 0) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                    counts = Arrays.copyOf(counts, size * 2);
                }
                int bucketIndex = (int) (index >> subBucketHalfCountMagnitude) - 1;
                long subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
                if (bucketIndex < 0) {
                    subBucketIndex -= subBucketHalfCount;
                    bucketIndex = 0;
                }
                if (bucketIndex + unitMagnitude > 62) {
                    throw new IllegalArgumentException("not an encoded HdrHistogram: bucket index " + index + " out of range");
                }
                values[size] = subBucketIndex << (bucketIndex + unitMagnitude);
                counts[size] = count;
                size++;
            }
            index++;
        }
        return new RecordedCounts(values, counts, size);
    }

    /** HdrHistogram's ZigZagEncoding.getLong: 7 bits a byte for 8 bytes, then a full 9th byte. */
    private static long zigZagLong(ByteBuffer buffer) {
        long value = 0;
        int shift = 0;
        while (true) {
            long b = buffer.get();
            if (shift == 56) {
                value |= (b & 0xff) << 56;
                break;
            }
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        return (value >>> 1) ^ (-(value & 1));
    }

    /** The recorded buckets of a histogram: each bucket's lowest equivalent value and its count. */
    public record RecordedCounts(long[] values, long[] counts, int size) {

        static final RecordedCounts EMPTY = new RecordedCounts(new long[0], new long[0], 0);

        static RecordedCounts of(AbstractHistogram histogram) {
            long[] values = new long[16];
            long[] counts = new long[16];
            int size = 0;
            for (HistogramIterationValue value : histogram.recordedValues()) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                    counts = Arrays.copyOf(counts, size * 2);
                }
                values[size] = histogram.lowestEquivalentValue(value.getValueIteratedTo());
                counts[size] = value.getCountAtValueIteratedTo();
                size++;
            }
            return new RecordedCounts(values, counts, size);
        }

        /** Records every bucket into {@code target} (which must auto-resize or cover the values). */
        public void addTo(AbstractHistogram target) {
            for (int i = 0; i < size; i++) {
                target.recordValueWithCount(values[i], counts[i]);
            }
        }

        public long totalCount() {
            long total = 0;
            for (int i = 0; i < size; i++) {
                total += counts[i];
            }
            return total;
        }
    }
}
