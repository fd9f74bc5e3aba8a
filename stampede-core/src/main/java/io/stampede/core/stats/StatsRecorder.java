package io.stampede.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Worker-side recording of request outcomes, drained into a {@link StatsDelta} about once a
 * second. {@link #record} is called by many threads at once and takes no lock; {@link #drain}
 * may run concurrently with it.
 *
 * <h2>Why nothing is lost or counted twice</h2>
 * Each (method, name) has its own {@link KeyRecorder} holding two {@link Interval}s: the
 * active one that writers record into, and the inactive one. A writer enters a
 * {@link WriterReaderPhaser} critical section (one atomic increment, wait-free), records the
 * whole sample (histogram, counters, failure) into whichever interval is active, and exits.
 * {@code drain()} swaps the active interval for the (reset) inactive one and then calls
 * {@link WriterReaderPhaser#flipPhase()}, which returns only after every writer that could
 * have seen the old interval has left its critical section. From then on the old interval is
 * quiescent and is read without races. This is the same mechanism as HdrHistogram's
 * {@code Recorder.getIntervalHistogram()}, applied to the whole sample rather than to the
 * histogram alone, so an interval's request count, sums, min/max and histogram always agree
 * (a plain {@code Recorder} plus separate {@code LongAdder}s can put one sample's count in
 * one interval and its latency in the next).
 * <p>
 * Keys are created with {@code computeIfAbsent} and never removed, so a key created while a
 * drain is iterating the map is either seen by that drain (its samples so far are swapped out
 * with its interval) or not seen (its samples stay in its active interval until the next
 * drain). Either way each sample belongs to exactly one interval and is reported exactly
 * once. Drains are serialized with a lock that writers never touch.
 */
public final class StatsRecorder {

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, KeyRecorder>> byName = new ConcurrentHashMap<>();
    private final LongSupplier epochMillisClock;
    private final Object drainLock = new Object();
    /** Exact counters (getAndSet(0) loses no concurrent increment, unlike LongAdder.sumThenReset). */
    private final AtomicLong iterationsStarted = new AtomicLong();
    private final AtomicLong iterationsDropped = new AtomicLong();
    /** How late due iterations were noticed, in microseconds (HdrHistogram's own phased recorder). */
    private final org.HdrHistogram.Recorder scheduleLag = new org.HdrHistogram.Recorder(HistogramCodec.SIGNIFICANT_DIGITS);
    private org.HdrHistogram.Histogram lagInterval;
    private long intervalStartEpochMillis;

    public StatsRecorder() {
        this(System::currentTimeMillis);
    }

    /** @param epochMillisClock the wall clock giving each delta its start and end */
    public StatsRecorder(LongSupplier epochMillisClock) {
        this.epochMillisClock = epochMillisClock;
        this.intervalStartEpochMillis = epochMillisClock.getAsLong();
    }

    /**
     * Records one request. {@code error == null}: success. Failures count as requests too
     * (Locust's rule) and their time is recorded.
     *
     * @param responseTimeMicros time from the request's start to its end; negative values count as 0
     * @param contentLength      response body size in bytes (negative counts as 0)
     */
    public void record(String method, String name, long responseTimeMicros, long contentLength, String error) {
        record(method, name, responseTimeMicros, responseTimeMicros, contentLength, error);
    }

    /**
     * Records one request with both of its latencies.
     *
     * @param responseTimeMicros  service time: from the moment the request was sent
     * @param correctedTimeMicros from the request's intended start (the schedule's slot), so
     *                            time spent waiting behind a stalled target counts; never below
     *                            {@code responseTimeMicros}
     */
    public void record(String method, String name, long responseTimeMicros, long correctedTimeMicros,
                       long contentLength, String error) {
        if (method == null || name == null) { // a caller bug must not kill the user loop; keep the sample visible
            method = method == null ? "" : method;
            name = name == null ? "" : name;
        }
        // Two lookups without allocation on the hot path (a composite key would allocate per call).
        ConcurrentHashMap<String, KeyRecorder> byMethod = byName.get(name);
        if (byMethod == null) {
            byMethod = byName.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        }
        KeyRecorder key = byMethod.get(method);
        if (key == null) {
            String keyName = name;
            key = byMethod.computeIfAbsent(method, m -> new KeyRecorder(m, keyName));
        }
        long micros = Math.max(0, responseTimeMicros);
        key.record(micros, Math.max(micros, correctedTimeMicros), Math.max(0, contentLength), error);
    }

    /** An open-model iteration began (on time or late). */
    public void iterationStarted() {
        iterationsStarted.incrementAndGet();
    }

    /**
     * The schedule noticed a due iteration {@code lagMicros} after its intended start: the
     * generator's own timing error (timer resolution, busy event loops), whether or not the
     * iteration then had to wait for a slot.
     */
    public void scheduleLag(long lagMicros) {
        scheduleLag.recordValue(Math.max(0, lagMicros));
    }

    /** An open-model iteration was due but dropped: too many already waited for a slot. */
    public void iterationDropped() {
        iterationsDropped.incrementAndGet();
    }

    /**
     * Everything recorded since the previous drain (or since construction) as a delta whose
     * start is the previous drain's end. Thread-safe against concurrent {@link #record}.
     */
    public StatsDelta drain() {
        return drain(HistogramCodec.Encoding.COMPRESSED);
    }

    /**
     * {@link #drain()} with the histograms in the given encoding (the uncompressed one for a
     * coordinator that reads it: see {@link HistogramCodec#encodeUncompressed}).
     */
    public StatsDelta drain(HistogramCodec.Encoding encoding) {
        synchronized (drainLock) {
            List<StatsDelta.EntryDelta> entries = new ArrayList<>();
            List<StatsDelta.FailureDelta> failures = new ArrayList<>();
            for (ConcurrentHashMap<String, KeyRecorder> byMethod : byName.values()) {
                for (KeyRecorder key : byMethod.values()) {
                    Interval interval = key.swap();
                    interval.appendTo(key.method, key.name, entries, failures, encoding);
                }
            }
            // The end is taken after the swaps, so every sample in the delta happened before it.
            long end = Math.max(epochMillisClock.getAsLong(), intervalStartEpochMillis);
            lagInterval = scheduleLag.getIntervalHistogram(lagInterval);
            StatsDelta.Iterations iterations = new StatsDelta.Iterations(iterationsStarted.getAndSet(0),
                    iterationsDropped.getAndSet(0),
                    lagInterval.getTotalCount() == 0 ? null : HistogramCodec.encode(lagInterval, encoding));
            StatsDelta delta = new StatsDelta(intervalStartEpochMillis, end, entries, failures, iterations);
            intervalStartEpochMillis = end;
            return delta;
        }
    }

    private static final class KeyRecorder {
        final String method;
        final String name;
        final WriterReaderPhaser phaser = new WriterReaderPhaser();
        volatile Interval active = new Interval();
        /** Touched only by drain(), under the drain lock and the phaser's reader lock. */
        Interval inactive = new Interval();

        KeyRecorder(String method, String name) {
            this.method = method;
            this.name = name;
        }

        void record(long micros, long correctedMicros, long contentLength, String error) {
            long stamp = phaser.writerCriticalSectionEnter();
            try {
                active.record(micros, correctedMicros, contentLength, error);
            } finally {
                phaser.writerCriticalSectionExit(stamp);
            }
        }

        /** @return the interval recorded since the previous swap, quiescent until the next swap */
        Interval swap() {
            phaser.readerLock();
            try {
                Interval recorded = active;
                inactive.reset();
                active = inactive;
                phaser.flipPhase();
                inactive = recorded;
                return recorded;
            } finally {
                phaser.readerUnlock();
            }
        }
    }

    /** One interval's samples of one key; written concurrently, read only when quiescent. */
    private static final class Interval {
        final ConcurrentHistogram histogram = new ConcurrentHistogram(HistogramCodec.SIGNIFICANT_DIGITS);
        /** From the intended start; shipped only when some sample was late ({@link #late} > 0). */
        final ConcurrentHistogram corrected = new ConcurrentHistogram(HistogramCodec.SIGNIFICANT_DIGITS);
        final LongAdder late = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder totalMicros = new LongAdder();
        final LongAdder totalContentLength = new LongAdder();
        final LongAccumulator minMicros = new LongAccumulator(Math::min, Long.MAX_VALUE);
        final LongAccumulator maxMicros = new LongAccumulator(Math::max, Long.MIN_VALUE);
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

        void record(long micros, long correctedMicros, long contentLength, String error) {
            histogram.recordValue(micros);
            corrected.recordValue(correctedMicros);
            if (correctedMicros != micros) {
                late.increment();
            }
            totalMicros.add(micros);
            totalContentLength.add(contentLength);
            minMicros.accumulate(micros);
            maxMicros.accumulate(micros);
            if (error != null) {
                failures.increment();
                LongAdder occurrences = errors.get(error);
                if (occurrences == null) {
                    occurrences = errors.computeIfAbsent(error, e -> new LongAdder());
                }
                occurrences.increment();
            }
            // Counted last: a sample is complete in every field of the interval it lands in.
            requests.increment();
        }

        void appendTo(String method, String name, List<StatsDelta.EntryDelta> entries,
                      List<StatsDelta.FailureDelta> failureRows, HistogramCodec.Encoding encoding) {
            long count = requests.sum();
            if (count == 0) {
                return;
            }
            entries.add(new StatsDelta.EntryDelta(method, name, count, failures.sum(), totalMicros.sum(),
                    minMicros.get(), maxMicros.get(), totalContentLength.sum(), HistogramCodec.encode(histogram, encoding),
                    late.sum() == 0 ? null : HistogramCodec.encode(corrected, encoding)));
            for (Map.Entry<String, LongAdder> error : errors.entrySet()) {
                failureRows.add(new StatsDelta.FailureDelta(method, name, error.getKey(), error.getValue().sum()));
            }
        }

        void reset() {
            histogram.reset();
            corrected.reset();
            late.reset();
            requests.reset();
            failures.reset();
            totalMicros.reset();
            totalContentLength.reset();
            minMicros.reset();
            maxMicros.reset();
            errors.clear();
        }
    }
}
