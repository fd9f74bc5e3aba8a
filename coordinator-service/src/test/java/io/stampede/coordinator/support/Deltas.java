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
        long now = System.currentTimeMillis();
        return get(now - 1000, now, count, failures, micros);
    }

    /** {@link #get(long, long, long)} over the interval {@code [startMillis, endMillis)}. */
    public static StatsDelta get(long startMillis, long endMillis, long count, long failures, long micros) {
        Histogram h = HistogramCodec.newHistogram();
        h.recordValueWithCount(micros, count);
        List<StatsDelta.FailureDelta> failed = failures == 0 ? List.of()
                : List.of(new StatsDelta.FailureDelta("GET", "/", "HTTP 500", failures));
        return new StatsDelta(startMillis, endMillis, List.of(new StatsDelta.EntryDelta("GET", "/", count, failures,
                count * micros, micros, micros, count * 10, HistogramCodec.encode(h))), failed);
    }

    /**
     * {@code count} GET / requests of {@code micros} service time each whose iterations started
     * late, so {@code correctedMicros} from their intended start; plus open-model iteration counts.
     */
    public static StatsDelta late(long count, long micros, long correctedMicros, long started, long dropped) {
        Histogram raw = HistogramCodec.newHistogram();
        raw.recordValueWithCount(micros, count);
        Histogram corrected = HistogramCodec.newHistogram();
        corrected.recordValueWithCount(correctedMicros, count);
        long now = System.currentTimeMillis();
        return new StatsDelta(now - 1000, now, List.of(new StatsDelta.EntryDelta("GET", "/", count, 0,
                count * micros, micros, micros, count * 10, HistogramCodec.encode(raw), HistogramCodec.encode(corrected))),
                List.of(), new StatsDelta.Iterations(started, dropped));
    }
}
