package io.stampede.coordinator.report;

import io.stampede.core.stats.RequestStats;
import io.stampede.core.stats.ResponseTimeDistribution;
import io.stampede.core.stats.SecondStats;
import io.stampede.core.stats.StatsSnapshot;

import java.util.List;

/**
 * One second of the run's history (Aggregated row), for Locust's {@code stats_history.csv} and
 * the UI charts.
 *
 * @param epochMillis                when it was sampled
 * @param userCount                  running users at that time (given by the caller)
 * @param currentRps                 requests/s over the last ~10 s (what Locust charts and writes)
 * @param currentFailPerSec          failures/s over the last ~10 s
 * @param secondRps                  requests attributed to the latest complete second alone
 * @param secondFailPerSec           failures attributed to the latest complete second alone
 * @param secondP50Millis            median response time of that second (0 when it had no requests)
 * @param secondP95Millis            95th percentile of that second
 * @param secondP99Millis            99th percentile of that second
 * @param currentP50Millis           median response time over the last ~10 s
 * @param currentP95Millis           95th percentile over the last ~10 s
 * @param cumulativePercentilesMillis cumulative percentiles at {@link StatsSnapshot#REPORTED_PERCENTILES}
 * @param totalRequests              cumulative request count
 * @param totalFailures              cumulative failure count
 * @param totalMedianMillis          cumulative median response time
 * @param totalAvgMillis             cumulative average response time
 * @param totalMinMillis             cumulative min response time
 * @param totalMaxMillis             cumulative max response time
 * @param totalAvgContentLength      cumulative average content size in bytes
 * @param correctedPercentilesMillis cumulative percentiles measured from each iteration's intended start
 *                                   (coordinated omission corrected) at {@link #CHARTED_CORRECTED}
 * @param iterationsStarted          open model: cumulative iterations started (0 for the closed model)
 * @param achievedRate               open model: iterations started per second over the last ~10 s
 */
public record HistorySample(long epochMillis, int userCount, double currentRps, double currentFailPerSec,
                            double secondRps, double secondFailPerSec, double secondP50Millis, double secondP95Millis,
                            double secondP99Millis, double currentP50Millis, double currentP95Millis,
                            List<Double> cumulativePercentilesMillis, long totalRequests, long totalFailures,
                            double totalMedianMillis, double totalAvgMillis, double totalMinMillis,
                            double totalMaxMillis, double totalAvgContentLength,
                            List<Double> correctedPercentilesMillis, long iterationsStarted, double achievedRate) {

    /** The corrected percentiles a sample keeps: the ones the live chart draws (p50, p95, p99). */
    public static final List<Double> CHARTED_CORRECTED = List.of(0.5, 0.95, 0.99);

    public HistorySample {
        cumulativePercentilesMillis = List.copyOf(cumulativePercentilesMillis);
        correctedPercentilesMillis = List.copyOf(correctedPercentilesMillis);
    }

    /** The history entry of one snapshot. */
    public static HistorySample of(StatsSnapshot snapshot, int userCount) {
        RequestStats total = snapshot.total();
        SecondStats second = snapshot.lastSecond();
        ResponseTimeDistribution secondTimes = second.responseTimes();
        return new HistorySample(snapshot.epochMillis(), userCount, total.currentRps(), total.currentFailPerSec(),
                second.numRequests(), second.numFailures(), secondTimes.percentileMillis(0.5),
                secondTimes.percentileMillis(0.95), secondTimes.percentileMillis(0.99),
                snapshot.currentResponseTimePercentileMillis(0.5), snapshot.currentResponseTimePercentileMillis(0.95),
                StatsSnapshot.REPORTED_PERCENTILES.stream().map(total::percentileMillis).toList(),
                total.numRequests(), total.numFailures(), total.medianResponseTimeMillis(),
                total.avgResponseTimeMillis(), total.minResponseTimeMillis(), total.maxResponseTimeMillis(),
                total.avgContentLength(),
                CHARTED_CORRECTED.stream().map(total::correctedPercentileMillis).toList(),
                snapshot.iterations().started(), snapshot.iterations().currentRate());
    }
}
