package io.stampede.coordinator.history;

import io.stampede.coordinator.report.HistorySample;
import java.util.List;

/** The charts' view of the coordinator's per-second history. */
public final class SeriesPoints {

    private SeriesPoints() {
    }

    /**
     * Throughput is Locust's current (10 s) rate, smooth enough to read; response times are
     * each second's own percentiles, so p50 ≤ p95 ≤ p99 always hold on one chart, and a second
     * without responses leaves a gap instead of a false zero.
     */
    public static SeriesPoint of(HistorySample s) {
        boolean answered = s.secondRps() > 0;
        boolean anyAnswer = s.totalRequests() > 0;
        List<Double> corrected = s.correctedPercentilesMillis();
        return new SeriesPoint(s.epochMillis(), s.userCount(), s.currentRps(), s.currentFailPerSec(),
                answered ? s.secondP50Millis() : null, answered ? s.secondP95Millis() : null,
                answered ? s.secondP99Millis() : null,
                anyAnswer ? corrected.get(0) : null, anyAnswer ? corrected.get(1) : null,
                anyAnswer ? corrected.get(2) : null, s.iterationsStarted() > 0 ? s.achievedRate() : null);
    }

    public static List<SeriesPoint> of(List<HistorySample> samples) {
        return samples.stream().map(SeriesPoints::of).toList();
    }
}
