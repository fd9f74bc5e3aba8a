package io.stampede.core.stats;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * What one worker recorded during one reporting interval (about a second). Deltas are
 * additive: the coordinator's totals are the sum of every delta it merged, and percentiles
 * come from the merged histograms, never from averaged percentiles.
 *
 * @param startEpochMillis start of the interval
 * @param endEpochMillis   end of the interval; the coordinator attributes the interval's
 *                         requests to this second for current_rps and the history
 * @param entries          one per (method, name) that saw a request in the interval
 * @param failures         one per (method, name, error) that failed in the interval
 * @param iterations       iterations the worker started and dropped in the interval (open model;
 *                         zero for the closed one)
 */
public record StatsDelta(long startEpochMillis, long endEpochMillis, List<EntryDelta> entries,
                         List<FailureDelta> failures, Iterations iterations) {

    public StatsDelta {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
        iterations = iterations == null ? Iterations.NONE : iterations;
    }

    public StatsDelta(long startEpochMillis, long endEpochMillis, List<EntryDelta> entries, List<FailureDelta> failures) {
        this(startEpochMillis, endEpochMillis, entries, failures, Iterations.NONE);
    }

    @JsonIgnore // derived, not part of the wire shape
    public boolean isEmpty() {
        return entries.isEmpty() && failures.isEmpty() && iterations.started() == 0 && iterations.dropped() == 0
                && iterations.scheduleLag() == null;
    }

    /**
     * Open-model iterations of one interval.
     *
     * @param started       iterations that began (on time or late)
     * @param dropped       iterations that were due but dropped because too many already waited for a slot
     * @param scheduleLag   how late the worker noticed each due iteration (its timers and event
     *                      loops, not the target): HdrHistogram of microseconds, encoded as
     *                      {@link #histogram}s are; null when none was recorded
     */
    public record Iterations(long started, long dropped, String scheduleLag) {
        public static final Iterations NONE = new Iterations(0, 0, null);

        public Iterations(long started, long dropped) {
            this(started, dropped, null);
        }
    }

    /**
     * Samples of one (method, name) in the interval. Response times are in microseconds.
     *
     * @param histogram          the interval's HdrHistogram of response times in microseconds,
     *                           compressed ({@code encodeIntoCompressedByteBuffer}) and Base64-encoded
     * @param correctedHistogram the same for the response times measured from each request's
     *                           intended start (coordinated omission corrected); null when no
     *                           request of the interval started late, i.e. it equals {@code histogram}
     */
    @JsonDeserialize(using = EntryDeltaDeserializer.class)
    public record EntryDelta(String method, String name, long numRequests, long numFailures,
                             long totalResponseTimeMicros, long minResponseTimeMicros,
                             long maxResponseTimeMicros, long totalContentLength, String histogram,
                             String correctedHistogram) {

        public EntryDelta(String method, String name, long numRequests, long numFailures, long totalResponseTimeMicros,
                          long minResponseTimeMicros, long maxResponseTimeMicros, long totalContentLength,
                          String histogram) {
            this(method, name, numRequests, numFailures, totalResponseTimeMicros, minResponseTimeMicros,
                    maxResponseTimeMicros, totalContentLength, histogram, null);
        }
    }

    /** Failures of one (method, name, error) in the interval. */
    public record FailureDelta(String method, String name, String error, long occurrences) {
    }
}
