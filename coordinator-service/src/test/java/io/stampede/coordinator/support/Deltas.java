package io.stampede.coordinator.support;

import java.util.List;

import io.stampede.core.stats.HistogramCodec;
import io.stampede.core.stats.StatsDelta;
import org.HdrHistogram.Histogram;

/** Builds StatsDeltas with known content for tests. */
public final class Deltas {

    private Deltas() {
    }

    /** {@code count} GET / requests of {@code micros} each, {@code failures} of them failed. */
    public static StatsDelta get(long count, long failures, long micros) {
        Histogram h = HistogramCodec.newHistogram();
        h.recordValueWithCount(micros, count);
        long now = System.currentTimeMillis();
        List<StatsDelta.FailureDelta> failed = failures == 0 ? List.of()
                : List.of(new StatsDelta.FailureDelta("GET", "/", "HTTP 500", failures));
        return new StatsDelta(now - 1000, now, List.of(new StatsDelta.EntryDelta("GET", "/", count, failures,
                count * micros, micros, micros, count * 10, HistogramCodec.encode(h))), failed);
    }
}
