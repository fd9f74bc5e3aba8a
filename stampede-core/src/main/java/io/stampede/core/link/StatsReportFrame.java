package io.stampede.core.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.RepeatedNames;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;

/**
 * The binary form of a {@link StatsReport} (a WebSocket binary frame), which a worker sends
 * instead of the JSON text frame when the coordinator's {@link HelloAck} says it reads it. Every
 * other message stays JSON.
 *
 * <p>Why: a thousand workers × fifty names a second is fifty thousand entries a second for the
 * coordinator to parse. In JSON each carries its field names and its histograms as Base64 text
 * that is parsed into a String and then decoded again; here an entry is its numbers as varints and
 * its histograms as HdrHistogram's own bytes, decoded in place from the frame's buffer straight to
 * the recorded buckets that the merge adds ({@link StatsAggregator.Decoded}): no String per
 * histogram, no Base64, no field names.
 *
 * <p>Layout (every integer a ZigZag LEB128 varint, every string a varint byte length then UTF-8,
 * every histogram a varint byte length then HdrHistogram's V2 encoding, compressed or not, with
 * length 0 for an absent one):
 * <pre>
 * byte   layout ({@value #LAYOUT_V1})
 * string workerId, string runId, int sequence, byte last (0/1)
 * int    startEpochMillis, int endEpochMillis
 * int    entry count; per entry: string method, string name, int numRequests, numFailures,
 *        totalResponseTimeMicros, minResponseTimeMicros, maxResponseTimeMicros, totalContentLength,
 *        histogram, correctedHistogram
 * int    failure count; per failure: string method, name, error, int occurrences
 * int    iterations started, int dropped, histogram scheduleLag
 * </pre>
 * A newer layout gets a new first byte; a coordinator offers only the layouts it reads.
 */
public final class StatsReportFrame {

    /** The first byte of the layout above. */
    public static final byte LAYOUT_V1 = 1;

    private StatsReportFrame() {
    }

    /**
     * The report's binary frame. Its histograms are re-read from their Base64 text as they are
     * (either HdrHistogram encoding): once a second per worker, a cost the worker does not notice.
     *
     * @throws IllegalArgumentException when a histogram of the report is not Base64
     */
    public static byte[] encode(StatsReport report) {
        Writer out = new Writer(1024 + report.delta().entries().size() * 512);
        StatsDelta delta = report.delta();
        out.writeByte(LAYOUT_V1);
        out.writeString(report.workerId());
        out.writeString(report.runId());
        out.writeLong(report.sequence());
        out.writeByte(report.last() ? 1 : 0);
        out.writeLong(delta.startEpochMillis());
        out.writeLong(delta.endEpochMillis());
        out.writeLong(delta.entries().size());
        for (StatsDelta.EntryDelta entry : delta.entries()) {
            out.writeString(entry.method());
            out.writeString(entry.name());
            out.writeLong(entry.numRequests());
            out.writeLong(entry.numFailures());
            out.writeLong(entry.totalResponseTimeMicros());
            out.writeLong(entry.minResponseTimeMicros());
            out.writeLong(entry.maxResponseTimeMicros());
            out.writeLong(entry.totalContentLength());
            out.writeHistogram(entry.histogram());
            out.writeHistogram(entry.correctedHistogram());
        }
        out.writeLong(delta.failures().size());
        for (StatsDelta.FailureDelta failure : delta.failures()) {
            out.writeString(failure.method());
            out.writeString(failure.name());
            out.writeString(failure.error());
            out.writeLong(failure.occurrences());
        }
        out.writeLong(delta.iterations().started());
        out.writeLong(delta.iterations().dropped());
        out.writeHistogram(delta.iterations().scheduleLag());
        return out.bytes();
    }

    /**
     * A report read from its binary frame, with its histograms already decoded for the merge. The
     * report's entries carry no histogram text ({@link StatsDelta.EntryDelta#histogram()} is null,
     * as is the schedule lag's): their histograms are in {@link #decoded()}.
     */
    public record Decoded(StatsReport report, StatsAggregator.Decoded decoded) {
    }

    /**
     * Reads a frame from the buffer's position to its limit (a frame still in the network buffer:
     * nothing is copied but the strings, and only the recorded buckets of each histogram are kept).
     *
     * @throws IllegalArgumentException when the bytes are not a stats report frame of a known layout,
     *                                  naming what was wrong and where
     */
    public static Decoded decode(ByteBuffer frame) {
        Reader in = Reader.of(frame);
        try {
            int layout = in.readByte();
            if (layout != LAYOUT_V1) {
                throw new IllegalArgumentException("unknown stats frame layout " + layout);
            }
            String workerId = in.readString("workerId");
            String runId = in.readString("runId");
            long sequence = in.readLong();
            boolean last = in.readByte() != 0;
            long start = in.readLong();
            long end = in.readLong();
            // Each entry, failure takes at least this many bytes: a count can't promise more than the frame holds.
            int entryCount = in.readCount("entries", 10);
            List<StatsDelta.EntryDelta> entries = new ArrayList<>(entryCount);
            HistogramCodec.RecordedCounts[] histograms = new HistogramCodec.RecordedCounts[entryCount];
            HistogramCodec.RecordedCounts[] corrected = new HistogramCodec.RecordedCounts[entryCount];
            for (int i = 0; i < entryCount; i++) {
                String method = in.readRepeated("method");
                String name = in.readRepeated("name");
                entries.add(new StatsDelta.EntryDelta(method, name, in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), in.readLong(), in.readLong(), null, null));
                histograms[i] = in.readHistogram("histogram");
                corrected[i] = in.readHistogram("correctedHistogram");
                if (histograms[i] == null) {
                    histograms[i] = HistogramCodec.RecordedCounts.EMPTY;
                }
            }
            int failureCount = in.readCount("failures", 4);
            List<StatsDelta.FailureDelta> failures = new ArrayList<>(failureCount);
            for (int i = 0; i < failureCount; i++) {
                failures.add(new StatsDelta.FailureDelta(in.readRepeated("method"), in.readRepeated("name"),
                        in.readString("error"), in.readLong()));
            }
            long started = in.readLong();
            long dropped = in.readLong();
            HistogramCodec.RecordedCounts lag = in.readHistogram("scheduleLag");
            if (in.remaining() > 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the report");
            }
            StatsDelta delta = new StatsDelta(start, end, entries, failures, new StatsDelta.Iterations(started, dropped));
            return new Decoded(new StatsReport(workerId, runId, sequence, delta, last),
                    StatsAggregator.Decoded.of(delta, histograms, corrected, lag));
        } catch (Truncated e) {
            throw new IllegalArgumentException("not a stats frame: truncated at byte " + in.position());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a stats frame: " + e.getMessage() + " (at byte " + in.position() + ")", e);
        }
    }

    /** A growable byte array with the layout's primitives. */
    private static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
            }
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeLong(long value) {
            ensure(10);
            long v = (value << 1) ^ (value >> 63); // ZigZag: small negatives stay short
            while ((v & ~0x7fL) != 0) {
                bytes[size++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void writeBytes(byte[] value) {
            writeLong(value.length);
            ensure(value.length);
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        void writeString(String value) {
            writeBytes(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
        }

        void writeHistogram(String base64) {
            writeBytes(base64 == null || base64.isEmpty() ? new byte[0] : Base64.getDecoder().decode(base64));
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A read past the frame's end (a stack-less signal, turned into the frame's error above). */
    private static final class Truncated extends RuntimeException {
        static final Truncated INSTANCE = new Truncated();

        private Truncated() {
            super(null, null, false, false);
        }
    }

    /** The frame's bytes, copied out of the network buffer into this thread's array. */
    private static final ThreadLocal<byte[][]> FRAME_COPIES = ThreadLocal.withInitial(() -> new byte[][] {new byte[16 * 1024]});

    /**
     * Reads the layout's primitives, every length checked against what the frame still holds.
     * Reads a copy of the frame (one bulk copy a frame) rather than the network buffer: a direct
     * buffer checks its bounds and its memory session on every {@code get}, and a frame is a
     * hundred varints, a hundred names and fifty histograms. The histogram decoder and the name
     * table are this thread's, looked up once a frame.
     */
    private static final class Reader {
        private final byte[] bytes;
        private final int limit;
        private int position;
        private final HistogramCodec.RecordedDecoder histograms = HistogramCodec.recordedDecoder();
        private final RepeatedNames names = RepeatedNames.forThisThread();

        private Reader(byte[] bytes, int limit) {
            this.bytes = bytes;
            this.limit = limit;
        }

        /** The buffer's bytes from its position to its limit; the buffer is left at its limit. */
        static Reader of(ByteBuffer frame) {
            int length = frame.remaining();
            byte[][] holder = FRAME_COPIES.get();
            if (holder[0].length < length) {
                holder[0] = new byte[Math.max(length, holder[0].length * 2)];
            }
            byte[] copy = holder[0];
            frame.get(copy, 0, length);
            return new Reader(copy, length);
        }

        int position() {
            return position;
        }

        int remaining() {
            return limit - position;
        }

        int readByte() {
            if (position >= limit) {
                throw Truncated.INSTANCE;
            }
            return bytes[position++];
        }

        long readLong() {
            long raw = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) {
                    throw new IllegalArgumentException("varint longer than 10 bytes");
                }
                if (position >= limit) {
                    throw Truncated.INSTANCE;
                }
                byte b = bytes[position++];
                raw |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** A count of items of at least {@code minBytes} each: no larger than the rest of the frame can hold. */
        int readCount(String what, int minBytes) {
            long count = readLong();
            if (count < 0 || count > remaining() / minBytes) {
                throw new IllegalArgumentException(what + ": count " + count + " does not fit the " + remaining()
                        + " bytes left");
            }
            return (int) count;
        }

        private int readLength(String what) {
            long length = readLong();
            if (length < 0 || length > remaining()) {
                throw new IllegalArgumentException(what + ": length " + length + " does not fit the " + remaining()
                        + " bytes left");
            }
            return (int) length;
        }

        String readString(String what) {
            int length = readLength(what);
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        /** {@link #readString} of a value that repeats across reports (a name, a method): see {@link RepeatedNames}. */
        String readRepeated(String what) {
            int length = readLength(what);
            String value = names.ofUtf8(bytes, position, length);
            position += length;
            return value;
        }

        /** Null for an absent histogram (length 0). */
        HistogramCodec.RecordedCounts readHistogram(String what) {
            int length = readLength(what);
            if (length == 0) {
                return null;
            }
            int at = position;
            position += length;
            return histograms.decodeRecorded(bytes, at, length);
        }
    }
}
