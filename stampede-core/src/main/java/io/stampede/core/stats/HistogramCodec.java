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

    /** The compressed form ({@link Encoding#COMPRESSED}), which every coordinator reads. */
    public static String encode(AbstractHistogram histogram) {
        return encode(histogram, Encoding.COMPRESSED);
    }

    /**
     * HdrHistogram's uncompressed encoding ({@code encodeIntoByteBuffer}: the same header and
     * ZigZag-LEB128 counts as the compressed one, without the deflate), Base64 text. What workers
     * send a coordinator that accepts it: the coordinator reads it without an inflate per
     * histogram, and for the few hundred recorded buckets of a one-second interval the deflated
     * form is barely smaller (often larger, with zlib's header and checksum). {@link #decode} and
     * {@link #decodeRecorded} read both forms.
     */
    public static String encodeUncompressed(AbstractHistogram histogram) {
        return encode(histogram, Encoding.UNCOMPRESSED);
    }

    /** The two forms of HdrHistogram's V2 encoding this codec writes; it reads both. */
    public enum Encoding {
        /** {@code encodeIntoCompressedByteBuffer}: what workers before the uncompressed form sent, and stored runs. */
        COMPRESSED,
        /** {@code encodeIntoByteBuffer}: see {@link #encodeUncompressed}. */
        UNCOMPRESSED
    }

    public static String encode(AbstractHistogram histogram, Encoding encoding) {
        int needed = histogram.getNeededByteBufferCapacity();
        ByteBuffer buffer = ENCODE_BUFFERS.get();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
            ENCODE_BUFFERS.set(buffer);
        }
        buffer.clear();
        int length = encoding == Encoding.UNCOMPRESSED
                ? histogram.encodeIntoByteBuffer(buffer)
                : histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Either encoding ({@link #encode} or {@link #encodeUncompressed}), told apart by its cookie.
     *
     * @return an auto-resizing histogram, so other histograms of any range can be added to it
     * @throws IllegalArgumentException when the text is not an encoded histogram
     */
    public static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return newHistogram();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
        return decode(bytes, bytes.length);
    }

    /**
     * This thread's decoder, for a caller that decodes many histograms in a row (a binary report
     * frame's fifty): one thread-local lookup instead of one per histogram.
     */
    public static RecordedDecoder recordedDecoder() {
        return SCRATCH.get();
    }

    /** {@link #decodeRecorded(byte[], int)} with this thread's buffers; see {@link #recordedDecoder()}. */
    public interface RecordedDecoder {
        /**
         * The recorded buckets of the encoded histogram at {@code bytes[offset, offset + length)}.
         *
         * @throws IllegalArgumentException when the bytes are not an encoded histogram
         */
        RecordedCounts decodeRecorded(byte[] bytes, int offset, int length);
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
        Scratch scratch = SCRATCH.get();
        int length;
        try {
            // Latin-1 text (Base64 is ASCII): getBytes is an array copy; decoded into the reused buffer.
            byte[] text = base64.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            length = Base64.getDecoder().decode(text, scratch.binary(text.length * 3 / 4 + 3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
        return scratch.decodeRecorded(scratch.binary, 0, length);
    }

    /**
     * {@link #decodeRecorded(String)} of the already Base64-decoded bytes {@code [0, length)}
     * (which it does not keep).
     *
     * @throws IllegalArgumentException when the bytes are not an encoded histogram
     */
    public static RecordedCounts decodeRecorded(byte[] bytes, int length) {
        return SCRATCH.get().decodeRecorded(bytes, 0, length);
    }

    private static RecordedCounts decodeRecorded(Scratch scratch, byte[] bytes, int offset, int length) {
        if (length >= V2_HEADER_BYTES && (getInt(bytes, offset) & ~0xf0) == V2_COOKIE_BASE) {
            return decodePlainRecorded(scratch, bytes, offset, length);
        }
        if (length < 8 || (getInt(bytes, offset) & ~0xf0) != V2_COMPRESSED_COOKIE_BASE) {
            return RecordedCounts.of(decode(bytes, offset, length));
        }
        int compressedLength = getInt(bytes, offset + 4);
        if (compressedLength < 0 || compressedLength > length - 8) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: compressed length " + compressedLength);
        }
        Inflater inflater = INFLATERS.get();
        try {
            inflater.reset();
            inflater.setInput(bytes, offset + 8, compressedLength);
            byte[] header = scratch.header;
            if (inflater.inflate(header) < V2_HEADER_BYTES) {
                throw new IllegalArgumentException("not an encoded HdrHistogram: truncated header");
            }
            int cookie = getInt(header, 0);
            int payloadLength = getInt(header, 4);
            int normalizingIndexOffset = getInt(header, 8);
            int digits = getInt(header, 12);
            long lowestDiscernibleValue = ((long) getInt(header, 16) << 32) | (getInt(header, 20) & 0xffffffffL);
            if ((cookie & ~0xf0) != V2_COOKIE_BASE || normalizingIndexOffset != 0 || digits < 0 || digits > 5
                    || lowestDiscernibleValue < 1 || payloadLength < 0 || payloadLength > (64 << 20)) {
                // shifted or unusual: let HdrHistogram handle it
                return RecordedCounts.of(decode(bytes, offset, length));
            }
            byte[] payload = scratch.payload(payloadLength);
            int read = 0;
            while (read < payloadLength) {
                int n = inflater.inflate(payload, read, payloadLength - read);
                if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new IllegalArgumentException("not an encoded HdrHistogram: truncated counts");
                }
                read += n;
            }
            return readCounts(scratch, payload, 0, payloadLength, digits, lowestDiscernibleValue);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** The uncompressed V2 form: the same 40-byte header and counts payload, without the deflate around them. */
    private static RecordedCounts decodePlainRecorded(Scratch scratch, byte[] bytes, int offset, int length) {
        int payloadLength = getInt(bytes, offset + 4);
        int normalizingIndexOffset = getInt(bytes, offset + 8);
        int digits = getInt(bytes, offset + 12);
        long lowestDiscernibleValue = ((long) getInt(bytes, offset + 16) << 32) | (getInt(bytes, offset + 20) & 0xffffffffL);
        if (payloadLength < 0 || payloadLength > length - V2_HEADER_BYTES) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: payload length " + payloadLength);
        }
        if (normalizingIndexOffset != 0 || digits < 0 || digits > 5 || lowestDiscernibleValue < 1) {
            return RecordedCounts.of(decode(bytes, offset, length)); // shifted or unusual: let HdrHistogram handle it
        }
        int from = offset + V2_HEADER_BYTES;
        return readCounts(scratch, bytes, from, from + payloadLength, digits, lowestDiscernibleValue);
    }

    private static Histogram decode(byte[] bytes, int length) {
        return decode(bytes, 0, length);
    }

    private static Histogram decode(byte[] bytes, int offset, int length) {
        try {
            // Not sliced: HdrHistogram's compressed decoder indexes the backing array from the
            // buffer's position, ignoring an array offset.
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            Histogram histogram = length >= 4 && (getInt(bytes, offset) & ~0xf0) == V2_COOKIE_BASE
                    ? Histogram.decodeFromByteBuffer(buffer, 0)
                    : Histogram.decodeFromCompressedByteBuffer(buffer, 0);
            histogram.setAutoResize(true);
            return histogram;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    private static int getInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
    }

    /** Per-thread buffers of the decoding: a merge decodes a hundred thousand histograms a second. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch implements RecordedDecoder {
        final byte[] header = new byte[V2_HEADER_BYTES];
        int[] indexes = new int[256];
        long[] counts = new long[256];
        byte[] binary = new byte[1024];
        private byte[] payload = new byte[1024];

        byte[] binary(int atLeast) {
            if (binary.length < atLeast) {
                binary = new byte[Math.max(atLeast, binary.length * 2)];
            }
            return binary;
        }

        @Override
        public RecordedCounts decodeRecorded(byte[] bytes, int offset, int length) {
            return HistogramCodec.decodeRecorded(this, bytes, offset, length);
        }

        byte[] payload(int atLeast) {
            if (payload.length < atLeast) {
                payload = new byte[Math.max(atLeast, payload.length * 2)];
            }
            return payload;
        }
    }

    /**
     * The counts payload: ZigZag LEB128 longs, a negative one being a run of that many empty
     * buckets. A payload at the stats precision is indexed as a {@link #newHistogram()} already;
     * any other precision or unit has each bucket's value placed in that layout.
     */
    private static RecordedCounts readCounts(Scratch scratch, byte[] payload, int from, int end, int digits,
                                             long lowestDiscernibleValue) {
        boolean sameLayout = digits == SIGNIFICANT_DIGITS && lowestDiscernibleValue == 1;
        // Bucket layout as in HdrHistogram's AbstractHistogram.init, to turn an index into its value.
        int subBucketHalfCountMagnitude = SUB_BUCKET_HALF_COUNT_MAGNITUDE[digits];
        int unitMagnitude = 63 - Long.numberOfLeadingZeros(lowestDiscernibleValue);
        int subBucketHalfCount = 1 << subBucketHalfCountMagnitude;
        // Collected in per-thread arrays and copied out at their exact size: no growing copies.
        int[] indexes = scratch.indexes;
        long[] counts = scratch.counts;
        int size = 0;
        long index = 0;
        int at = from;
        while (at < end) {
            // HdrHistogram's ZigZagEncoding.getLong: 7 bits a byte for 8 bytes, then a full 9th byte.
            long raw = 0;
            int shift = 0;
            while (true) {
                if (at >= end) {
                    throw new IllegalArgumentException("not an encoded HdrHistogram: truncated count");
                }
                long b = payload[at++];
                if (shift == 56) {
                    raw |= (b & 0xff) << 56;
                    break;
                }
                raw |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            long count = (raw >>> 1) ^ (-(raw & 1));
            if (count < 0) {
                index -= count;
                continue;
            }
            if (count > 0) {
                if (size == indexes.length) {
                    indexes = scratch.indexes = Arrays.copyOf(indexes, size * 2);
                    counts = scratch.counts = Arrays.copyOf(counts, size * 2);
                }
                int bucketIndex = (int) (index >> subBucketHalfCountMagnitude) - 1;
                long subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
                if (bucketIndex < 0) {
                    subBucketIndex -= subBucketHalfCount;
                    bucketIndex = 0;
                }
                if (index > Integer.MAX_VALUE || bucketIndex + unitMagnitude > 62) {
                    throw new IllegalArgumentException("not an encoded HdrHistogram: bucket index " + index + " out of range");
                }
                indexes[size] = sameLayout ? (int) index : bucketIndex(subBucketIndex << (bucketIndex + unitMagnitude));
                counts[size] = count;
                size++;
            }
            index++;
        }
        return new RecordedCounts(Arrays.copyOf(indexes, size), Arrays.copyOf(counts, size), size);
    }

    /** Per significant-digit count (0-5), HdrHistogram's subBucketHalfCountMagnitude (AbstractHistogram.init). */
    private static final int[] SUB_BUCKET_HALF_COUNT_MAGNITUDE = new int[6];

    static {
        for (int digits = 0; digits <= 5; digits++) {
            long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, digits);
            int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2));
            SUB_BUCKET_HALF_COUNT_MAGNITUDE[digits] = Math.max(subBucketCountMagnitude, 1) - 1;
        }
    }

    /*
     * The bucket layout of every histogram made by newHistogram() (3 significant digits, lowest
     * discernible value 1), as HdrHistogram's AbstractHistogram.init derives it: buckets of
     * 2^SUB_BUCKET_HALF_COUNT_MAGNITUDE sub-buckets, each bucket twice as wide as the one before.
     * HdrHistogram keeps its value-to-index arithmetic and its add-by-index to itself
     * (package-private), so the coordinator's merges, which add by index (BucketCounts), do it here.
     */
    private static final int HALF_COUNT_MAGNITUDE = 10;
    private static final int HALF_COUNT = 1 << HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = (2L << HALF_COUNT_MAGNITUDE) - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - HALF_COUNT_MAGNITUDE - 1;

    static {
        if (SUB_BUCKET_HALF_COUNT_MAGNITUDE[SIGNIFICANT_DIGITS] != HALF_COUNT_MAGNITUDE) {
            throw new ExceptionInInitializerError("bucket layout of " + SIGNIFICANT_DIGITS + " digits");
        }
    }

    /** The counts-array index of {@code value} (≥ 0) in a {@link #newHistogram()}: HdrHistogram's {@code countsArrayIndex}. */
    static int bucketIndex(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << HALF_COUNT_MAGNITUDE) + subBucket - HALF_COUNT;
    }

    /** The lowest value of the bucket at {@code index} in a {@link #newHistogram()}: HdrHistogram's {@code valueFromIndex}. */
    static long bucketValue(int index) {
        int bucket = (index >> HALF_COUNT_MAGNITUDE) - 1;
        long subBucket = (index & (HALF_COUNT - 1)) + HALF_COUNT;
        if (bucket < 0) {
            subBucket -= HALF_COUNT;
            bucket = 0;
        }
        return subBucket << bucket;
    }

    /**
     * The middle value of the bucket at {@code index}, the value HdrHistogram's mean counts each of
     * its samples at ({@code medianEquivalentValue}): its lowest value plus half its width.
     */
    static long bucketMiddleValue(int index) {
        int bucket = Math.max(0, (index >> HALF_COUNT_MAGNITUDE) - 1);
        return bucketValue(index) + ((1L << bucket) >> 1);
    }

    /**
     * The recorded buckets of a histogram, ascending: each bucket's counts-array index in a
     * {@link #newHistogram()} (whatever the precision it was encoded at) and its count.
     */
    public record RecordedCounts(int[] indexes, long[] counts, int size) {

        /** No bucket recorded. */
        public static final RecordedCounts EMPTY = new RecordedCounts(new int[0], new long[0], 0);

        static RecordedCounts of(AbstractHistogram histogram) {
            int[] indexes = new int[16];
            long[] counts = new long[16];
            int size = 0;
            for (HistogramIterationValue value : histogram.recordedValues()) {
                if (size == indexes.length) {
                    indexes = Arrays.copyOf(indexes, size * 2);
                    counts = Arrays.copyOf(counts, size * 2);
                }
                indexes[size] = bucketIndex(value.getValueIteratedTo());
                counts[size] = value.getCountAtValueIteratedTo();
                size++;
            }
            return new RecordedCounts(indexes, counts, size);
        }

        /** The lowest value of the {@code i}-th recorded bucket. */
        public long value(int i) {
            return bucketValue(indexes[i]);
        }

        /** Records every bucket into {@code target} (which must auto-resize or cover the values). */
        public void addTo(AbstractHistogram target) {
            for (int i = 0; i < size; i++) {
                target.recordValueWithCount(bucketValue(indexes[i]), counts[i]);
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
