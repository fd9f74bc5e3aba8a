package io.stampede.core.stats;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

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
 */
public record StatsDelta(long startEpochMillis, long endEpochMillis, List<EntryDelta> entries,
                         List<FailureDelta> failures) {

    public StatsDelta {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
    }

    @JsonIgnore // derived, not part of the wire shape
    public boolean isEmpty() {
        return entries.isEmpty() && failures.isEmpty();
    }

    /**
     * Samples of one (method, name) in the interval. Response times are in microseconds.
     *
     * @param histogram the interval's HdrHistogram of response times in microseconds,
     *                  compressed ({@code encodeIntoCompressedByteBuffer}) and Base64-encoded
     */
    public record EntryDelta(String method, String name, long numRequests, long numFailures,
                             long totalResponseTimeMicros, long minResponseTimeMicros,
                             long maxResponseTimeMicros, long totalContentLength, String histogram) {
    }

    /** Failures of one (method, name, error) in the interval. */
    public record FailureDelta(String method, String name, String error, long occurrences) {
    }
}
