package io.stampede.engine;

import java.util.HashMap;
import java.util.Map;

import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsRecorder;

/** Sums drained stats deltas, as the coordinator would. */
final class StatsTotals {

    long requests;
    long failures;
    long contentLength;
    final Map<String, Long> byName = new HashMap<>();
    final Map<String, Long> errors = new HashMap<>();

    StatsTotals add(StatsDelta delta) {
        for (StatsDelta.EntryDelta entry : delta.entries()) {
            requests += entry.numRequests();
            failures += entry.numFailures();
            contentLength += entry.totalContentLength();
            byName.merge(entry.method() + " " + entry.name(), entry.numRequests(), Long::sum);
        }
        for (StatsDelta.FailureDelta failure : delta.failures()) {
            errors.merge(failure.error(), failure.occurrences(), Long::sum);
        }
        return this;
    }

    static StatsTotals drain(StatsRecorder recorder) {
        return new StatsTotals().add(recorder.drain());
    }
}
