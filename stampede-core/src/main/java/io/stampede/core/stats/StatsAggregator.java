package io.stampede.core.stats;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coordinator-side sum of every worker's {@link StatsDelta}s. Thread-safe: merges (about one
 * per worker per second) and snapshots are serialized on this object.
 *
 * <p>It merges every delta it is given: dropping a report delivered twice (a resend after a
 * reconnect) is the job of the link layer that receives the reports, before they get here.
 *
 * <h2>Reset</h2>
 * {@link #reset()} (Locust's {@code /stats/reset}) clears every count, histogram and error.
 *
 * <h2>Current rates and percentiles</h2>
 * Each delta is attributed to the second of its {@code endEpochMillis}. {@code current_rps} and
 * {@code current_fail_per_sec} average the per-second counts over the 10 complete seconds
 * {@code [now-11 s, now-2 s]} (the current second is still filling and the previous one may still
 * miss a worker's report), starting no earlier than the first sample since the last reset, as
 * Locust does with its per-second counts. {@code current_response_time_percentiles} come from the
 * merged per-second histograms of the seconds {@code [now-10 s, now]}.
 */
public final class StatsAggregator {

    /** Seconds of per-second counts kept; covers the windows above with room for late reports. */
    private static final int RING_SECONDS = 16;
    private static final int RATE_WINDOW_SECONDS = 10;

    private final Map<RowKey, Row> rows = new HashMap<>();
    private final Map<ErrorKey, ErrorRow> errors = new HashMap<>();
    private Row total = new Row("", RequestStats.AGGREGATED, true);
    /** Open-model iterations per second: "requests" are the started ones, "failures" the dropped ones. */
    private SecondRing iterations = new SecondRing(null);
    private long iterationsStarted;
    private long iterationsDropped;
    private final BucketCounts scheduleLag = new BucketCounts();
    private long startEpochMillis;
    private long lastEpochMillis;
    private long resetEpochMillis;

    public StatsAggregator() {
    }

    /**
     * Adds one worker report's delta: {@link #decode} then {@link #merge(Decoded)}.
     *
     * @throws IllegalArgumentException when a histogram in the delta cannot be decoded (nothing is merged)
     */
    public void merge(StatsDelta delta) {
        merge(decode(delta));
    }

    /**
     * Decodes a delta's histograms, ready for {@link #merge(Decoded)}. Needs no lock and touches
     * no aggregator: the coordinator calls it on the link thread that received the report, so the
     * decoding (most of a merge's cost) runs in parallel across event loops and outside the run's
     * and this aggregator's locks. Only the recorded buckets are decoded (see
     * {@link HistogramCodec#decodeRecorded}): merge cost follows the samples, not the histograms' range.
     *
     * @throws IllegalArgumentException when a histogram in the delta cannot be decoded
     */
    public static Decoded decode(StatsDelta delta) {
        List<StatsDelta.EntryDelta> entries = delta.entries();
        int n = entries.size();
        RowKey[] keys = new RowKey[n];
        HistogramCodec.RecordedCounts[] histograms = new HistogramCodec.RecordedCounts[n];
        HistogramCodec.RecordedCounts[] corrected = new HistogramCodec.RecordedCounts[n];
        for (int i = 0; i < n; i++) {
            StatsDelta.EntryDelta entry = entries.get(i);
            keys[i] = new RowKey(entry.method(), entry.name());
            histograms[i] = HistogramCodec.decodeRecorded(entry.histogram());
            corrected[i] = entry.correctedHistogram() == null ? null
                    : HistogramCodec.decodeRecorded(entry.correctedHistogram());
        }
        String lag = delta.iterations().scheduleLag();
        return new Decoded(delta, keys, histograms, corrected, lag == null ? null : HistogramCodec.decodeRecorded(lag));
    }

    /**
     * Adds a decoded delta: only additions, under this aggregator's lock. Never throws for the
     * delta's content (everything that can fail was checked by {@link #decode}).
     */
    public synchronized void merge(Decoded decoded) {
        StatsDelta delta = decoded.delta;
        // A binary frame's delta carries its schedule lag only decoded.
        if (delta.isEmpty() && decoded.scheduleLag == null) {
            return;
        }
        long second = Math.floorDiv(delta.endEpochMillis(), 1000);
        StatsDelta.Iterations counted = delta.iterations();
        if (counted.started() > 0 || counted.dropped() > 0) {
            iterationsStarted += counted.started();
            iterationsDropped += counted.dropped();
            iterations.add(second, counted.started(), counted.dropped(), null);
        }
        if (decoded.scheduleLag != null) {
            scheduleLag.add(decoded.scheduleLag);
        }
        long start = Math.max(delta.startEpochMillis(), resetEpochMillis);
        startEpochMillis = startEpochMillis == 0 ? start : Math.min(startEpochMillis, start);
        lastEpochMillis = Math.max(lastEpochMillis, delta.endEpochMillis());
        List<StatsDelta.EntryDelta> entries = delta.entries();
        for (int i = 0; i < entries.size(); i++) {
            StatsDelta.EntryDelta entry = entries.get(i);
            HistogramCodec.RecordedCounts histogram = decoded.histograms[i];
            HistogramCodec.RecordedCounts corrected = decoded.corrected[i];
            Row row = rows.get(decoded.keys[i]);
            if (row == null) {
                row = new Row(entry.method(), entry.name(), false);
                rows.put(decoded.keys[i], row);
            }
            row.add(entry, histogram, corrected, second);
            total.add(entry, histogram, corrected, second);
        }
        for (StatsDelta.FailureDelta failure : delta.failures()) {
            errors.computeIfAbsent(new ErrorKey(failure.method(), failure.name(), failure.error()),
                    k -> new ErrorRow(delta.endEpochMillis())).add(failure.occurrences(), delta.endEpochMillis());
        }
    }

    /**
     * A delta with its histograms decoded ({@link #decode}), for {@link #merge(Decoded)}.
     * Immutable once built; may be merged into any number of aggregators.
     */
    public static final class Decoded {
        private final StatsDelta delta;
        /** Per entry, in the delta's order. */
        private final RowKey[] keys;
        private final HistogramCodec.RecordedCounts[] histograms;
        /** Null where the entry has no corrected histogram (its requests all started on time). */
        private final HistogramCodec.RecordedCounts[] corrected;
        private final HistogramCodec.RecordedCounts scheduleLag;

        private Decoded(StatsDelta delta, RowKey[] keys, HistogramCodec.RecordedCounts[] histograms,
                        HistogramCodec.RecordedCounts[] corrected, HistogramCodec.RecordedCounts scheduleLag) {
            this.delta = delta;
            this.keys = keys;
            this.histograms = histograms;
            this.corrected = corrected;
            this.scheduleLag = scheduleLag;
        }

        public StatsDelta delta() {
            return delta;
        }

        /**
         * A delta whose histograms were decoded elsewhere (a binary link frame read straight into
         * recorded buckets): per entry, in the delta's order, its histogram and its corrected one
         * (null where none was sent).
         *
         * @throws IllegalArgumentException when the arrays don't match the delta's entries
         */
        public static Decoded of(StatsDelta delta, HistogramCodec.RecordedCounts[] histograms,
                                 HistogramCodec.RecordedCounts[] corrected, HistogramCodec.RecordedCounts scheduleLag) {
            List<StatsDelta.EntryDelta> entries = delta.entries();
            if (histograms.length != entries.size() || corrected.length != entries.size()) {
                throw new IllegalArgumentException("histograms for " + histograms.length + "/" + corrected.length
                        + " entries, the delta has " + entries.size());
            }
            RowKey[] keys = new RowKey[entries.size()];
            for (int i = 0; i < keys.length; i++) {
                StatsDelta.EntryDelta entry = entries.get(i);
                keys[i] = new RowKey(entry.method(), entry.name());
                if (histograms[i] == null) {
                    throw new IllegalArgumentException("entry " + i + " has no histogram");
                }
            }
            return new Decoded(delta, keys, histograms, corrected, scheduleLag); // the arrays are the caller's to give
        }
    }

    /** Clears all stats and errors (Locust's {@code /stats/reset}). */
    public void reset() {
        reset(System.currentTimeMillis());
    }

    /**
     * {@link #reset()} at a given time: samples of an interval that straddles the reset count
     * as if the interval started at the reset.
     */
    public synchronized void reset(long nowEpochMillis) {
        rows.clear();
        errors.clear();
        total = new Row("", RequestStats.AGGREGATED, true);
        iterations = new SecondRing(null);
        iterationsStarted = 0;
        iterationsDropped = 0;
        scheduleLag.reset();
        startEpochMillis = 0;
        lastEpochMillis = 0;
        resetEpochMillis = nowEpochMillis;
    }

    public synchronized StatsSnapshot snapshot(long nowEpochMillis) {
        long nowSecond = Math.floorDiv(nowEpochMillis, 1000);
        long firstSecond = startEpochMillis == 0 ? Long.MAX_VALUE : Math.floorDiv(startEpochMillis, 1000);
        double elapsedSeconds = (lastEpochMillis - startEpochMillis) / 1000.0;
        List<RequestStats> entries = rows.values().stream()
                .map(row -> row.toStats(nowSecond, firstSecond, elapsedSeconds))
                .sorted(Comparator.comparing(RequestStats::name).thenComparing(RequestStats::method))
                .toList();
        List<ErrorStats> errorRows = errors.entrySet().stream()
                .map(e -> new ErrorStats(e.getKey().method(), e.getKey().name(), e.getKey().error(),
                        e.getValue().occurrences, e.getValue().firstSeen, e.getValue().lastSeen))
                .sorted(Comparator.comparing(ErrorStats::name).thenComparing(ErrorStats::method)
                        .thenComparing(ErrorStats::error))
                .toList();
        long from = Math.max(nowSecond - RATE_WINDOW_SECONDS - 1, firstSecond);
        IterationStats iterationStats = new IterationStats(iterationsStarted, iterationsDropped,
                iterations.averageRequests(from, nowSecond - 2), iterations.averageFailures(from, nowSecond - 2),
                scheduleLag.toDistribution());
        return new StatsSnapshot(nowEpochMillis, startEpochMillis, lastEpochMillis, entries,
                total.toStats(nowSecond, firstSecond, elapsedSeconds), errorRows,
                total.ring.responseTimes(nowSecond - RATE_WINDOW_SECONDS, nowSecond),
                total.ring.second(nowSecond - 1), iterationStats);
    }

    private record RowKey(String method, String name) {
    }

    private record ErrorKey(String method, String name, String error) {
    }

    private static final class ErrorRow {
        long occurrences;
        long firstSeen;
        long lastSeen;

        ErrorRow(long firstSeen) {
            this.firstSeen = firstSeen;
        }

        void add(long n, long seenEpochMillis) {
            occurrences += n;
            firstSeen = Math.min(firstSeen, seenEpochMillis);
            lastSeen = Math.max(lastSeen, seenEpochMillis);
        }
    }

    /** Cumulative sums of one row since the last reset. */
    private static final class Row {
        final String method;
        final String name;
        /**
         * Every sample merged into this row; for a row that keeps per-second histograms (the
         * Aggregated one) every sample except those of the seconds still in its {@link #ring},
         * which are folded in as they leave it: each report's buckets are added once (to their
         * second) instead of twice (to the second and the whole), and a snapshot adds the ring's
         * live seconds to this one in the ring's scratch counts (see {@link SecondRing#withLiveSeconds}).
         */
        final BucketCounts histogram = new BucketCounts();
        final SecondRing ring;
        long requests;
        long failures;
        long totalMicros;
        long minMicros = Long.MAX_VALUE;
        long maxMicros = Long.MIN_VALUE;
        long contentLength;
        /**
         * Latencies from the intended start; null while no merged request started late (then
         * they equal {@link #histogram}, and the closed model pays nothing for them).
         */
        BucketCounts corrected;
        /** The histograms' immutable copies, reused by snapshots until the next merge into this row. */
        ResponseTimeDistribution distribution;
        ResponseTimeDistribution correctedDistribution;

        Row(String method, String name, boolean keepHistogramsPerSecond) {
            this.method = method;
            this.name = name;
            this.ring = new SecondRing(keepHistogramsPerSecond ? histogram : null);
        }

        /** Everything merged into this row (the ring's live seconds included), in new counts. */
        private BucketCounts cumulativeCopy() {
            BucketCounts copy = histogram.copy();
            ring.addLiveSecondsTo(copy);
            return copy;
        }

        void add(StatsDelta.EntryDelta entry, HistogramCodec.RecordedCounts entryHistogram,
                 HistogramCodec.RecordedCounts entryCorrected, long second) {
            if (entryCorrected != null && corrected == null) {
                corrected = cumulativeCopy(); // every request so far started on time
            }
            if (corrected != null) {
                corrected.add(entryCorrected != null ? entryCorrected : entryHistogram);
            }
            correctedDistribution = null;
            requests += entry.numRequests();
            failures += entry.numFailures();
            totalMicros += entry.totalResponseTimeMicros();
            contentLength += entry.totalContentLength();
            if (entry.numRequests() > 0) {
                minMicros = Math.min(minMicros, entry.minResponseTimeMicros());
                maxMicros = Math.max(maxMicros, entry.maxResponseTimeMicros());
            }
            if (!ring.foldsIntoHistogram()) {
                histogram.add(entryHistogram);
            }
            distribution = null;
            ring.add(second, entry.numRequests(), entry.numFailures(), entryHistogram);
        }

        RequestStats toStats(long nowSecond, long firstSecond, double elapsedSeconds) {
            // Locust: the average over [now-12, now-3]; ours reports every second, so [now-11, now-2].
            long from = Math.max(nowSecond - RATE_WINDOW_SECONDS - 1, firstSecond);
            long to = nowSecond - 2;
            double currentRps = ring.averageRequests(from, to);
            double currentFails = ring.averageFailures(from, to);
            double totalRps = elapsedSeconds > 0 ? requests / elapsedSeconds : 0;
            double totalFails = elapsedSeconds > 0 ? failures / elapsedSeconds : 0;
            return new RequestStats(method, name, requests, failures, totalMicros,
                    requests == 0 ? 0 : minMicros, requests == 0 ? 0 : maxMicros, contentLength,
                    currentRps, currentFails, totalRps, totalFails, distribution(), correctedDistribution());
        }

        private ResponseTimeDistribution correctedDistribution() {
            if (corrected == null) {
                return distribution();
            }
            if (correctedDistribution == null) {
                correctedDistribution = corrected.toDistribution();
            }
            return correctedDistribution;
        }

        private ResponseTimeDistribution distribution() {
            if (distribution == null) {
                distribution = ring.foldsIntoHistogram() ? ring.withLiveSeconds(histogram) : histogram.toDistribution();
            }
            return distribution;
        }
    }

    /** Per-second counts (and optionally histograms) of the last {@value #RING_SECONDS} seconds. */
    private static final class SecondRing {
        final long[] seconds = new long[RING_SECONDS];
        final long[] requests = new long[RING_SECONDS];
        final long[] failures = new long[RING_SECONDS];
        final BucketCounts[] histograms;
        /** Reused to merge the window's seconds. */
        final BucketCounts scratch;
        /** Where a second's histogram goes when it leaves the ring (and samples too old for it): the row's whole. */
        private final BucketCounts retired;

        /** @param retired the row's cumulative histogram when the ring keeps histograms per second, else null */
        SecondRing(BucketCounts retired) {
            java.util.Arrays.fill(seconds, Long.MIN_VALUE);
            boolean keepHistograms = retired != null;
            histograms = keepHistograms ? new BucketCounts[RING_SECONDS] : null;
            scratch = keepHistograms ? new BucketCounts() : null;
            this.retired = retired;
        }

        boolean foldsIntoHistogram() {
            return retired != null;
        }

        /** Adds the seconds still in the ring (not yet folded into the row's histogram) to {@code target}. */
        void addLiveSecondsTo(BucketCounts target) {
            if (histograms == null) {
                return;
            }
            for (int slot = 0; slot < RING_SECONDS; slot++) {
                if (seconds[slot] != Long.MIN_VALUE && histograms[slot] != null) {
                    target.add(histograms[slot]);
                }
            }
        }

        void add(long second, long n, long failed, HistogramCodec.RecordedCounts histogram) {
            int slot = slot(second);
            if (seconds[slot] > second) {
                // older than the ring: counted in the totals only
                if (retired != null) {
                    retired.add(histogram);
                }
                return;
            }
            if (seconds[slot] != second) {
                if (retired != null && seconds[slot] != Long.MIN_VALUE) {
                    retired.add(histograms[slot]); // this second leaves the ring
                }
                seconds[slot] = second;
                requests[slot] = 0;
                failures[slot] = 0;
                if (histograms != null) {
                    if (histograms[slot] == null) {
                        histograms[slot] = new BucketCounts();
                    }
                    histograms[slot].reset();
                }
            }
            requests[slot] += n;
            failures[slot] += failed;
            if (histograms != null) {
                histograms[slot].add(histogram);
            }
        }

        double averageRequests(long from, long to) {
            return average(requests, from, to);
        }

        double averageFailures(long from, long to) {
            return average(failures, from, to);
        }

        private double average(long[] counts, long from, long to) {
            if (to < from) {
                return 0;
            }
            long sum = 0;
            for (long s = from; s <= to; s++) {
                int slot = slot(s);
                if (seconds[slot] == s) {
                    sum += counts[slot];
                }
            }
            return (double) sum / (to - from + 1);
        }

        ResponseTimeDistribution responseTimes(long from, long to) {
            BucketCounts merged = scratch; // callers hold the aggregator's lock
            merged.reset();
            for (long s = Math.max(from, to - RING_SECONDS + 1); s <= to; s++) {
                int slot = slot(s);
                if (seconds[slot] == s && histograms[slot] != null) {
                    merged.add(histograms[slot]);
                }
            }
            return merged.toDistribution();
        }

        /** {@code base} plus the seconds still in the ring: a folding row's every sample. */
        ResponseTimeDistribution withLiveSeconds(BucketCounts base) {
            BucketCounts merged = scratch; // callers hold the aggregator's lock
            merged.reset();
            merged.add(base);
            addLiveSecondsTo(merged);
            return merged.toDistribution();
        }

        SecondStats second(long second) {
            int slot = slot(second);
            if (seconds[slot] != second) {
                return SecondStats.empty(second);
            }
            return new SecondStats(second, requests[slot], failures[slot],
                    histograms[slot].toDistribution());
        }

        private static int slot(long second) {
            return (int) Math.floorMod(second, (long) RING_SECONDS);
        }
    }
}
