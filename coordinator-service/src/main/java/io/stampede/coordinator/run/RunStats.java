package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stampede.coordinator.link.ExactlyOnceReports;
import io.stampede.coordinator.report.HistorySample;
import io.stampede.coordinator.report.StatsHistory;
import io.stampede.core.link.StatsReport;
import io.stampede.core.stats.StatsAggregator;
import io.stampede.core.stats.StatsDelta;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The current run's stats: worker reports merged once each ({@link ExactlyOnceReports} drops
 * what the link delivers twice), the per-second history, and how many requests each worker
 * contributed. Thread-safe; the caller decides which run a report belongs to.
 */
public final class RunStats {

    private final StatsAggregator aggregator = new StatsAggregator();
    private final ExactlyOnceReports delivered = new ExactlyOnceReports();
    private final StatsHistory history = new StatsHistory();
    /** Requests merged per worker since the run started or the stats were reset. */
    private final Map<String, Long> mergedRequests = new ConcurrentHashMap<>();
    /** When each worker last reported in this run, at which rate, and whether that was its last report. */
    private final Map<String, Reporting> reporting = new ConcurrentHashMap<>();
    /** Requests each worker that died without a last report may have made unreported (an estimate). */
    private final Map<String, Loss> unaccounted = new ConcurrentHashMap<>();
    /** Losses of workers that died before anyone reported a pace to take: priced once the peers report one. */
    private final Map<String, UnpricedLoss> unpriced = new ConcurrentHashMap<>();
    private volatile long runStartedAtMillis;

    private record Reporting(long reportedUntilMillis, long intervalMillis, double requestsPerSecond, boolean lastSent) {
    }

    /** A worker's estimated loss and the end of the window it covers (its death as last noticed). */
    private record Loss(long requests, long untilMillis) {
        Loss plus(long more, long until) {
            return new Loss(requests + more, Math.max(untilMillis, until));
        }
    }

    /**
     * A worker died within the run's first loaded report interval, when neither it nor its peers had
     * reported a pace yet (a kill early in a ramp): its window is known, its rate not. Priced with
     * the peers' pace over their first report intervals after the death, which then include its
     * redistributed users.
     *
     * @param weight its share's weight, scaled against the reporting peers' weights
     */
    private record UnpricedLoss(long diedAtMillis, long windowMillis, long untilMillis, double weight) {
    }

    /**
     * What a worker that died without its last report may have done unreported.
     *
     * @param requests          the estimate: {@code rate × window}
     * @param requestsPerSecond the rate taken: its own over its last report interval, or its peers' pace if that was 0;
     *                          0 when nobody had reported a pace yet, and the estimate waits for one
     *                          ({@link #priceUnpricedLosses})
     * @param windowMillis      from its last report to its death
     */
    public record Unaccounted(long requests, double requestsPerSecond, long windowMillis) {

        /** No pace was known at the death: the estimate is made when the peers report one. */
        public boolean unpriced() {
            return requestsPerSecond == 0 && windowMillis > 0;
        }
    }

    /** A worker's unpriced loss, priced: {@code requests} at {@code requestsPerSecond} (per weight × its weight). */
    public record PricedLoss(String workerId, Unaccounted loss) {
    }

    /** A new run: empty stats, and no report of an earlier run is remembered. */
    void newRun(long nowEpochMillis) {
        reset(nowEpochMillis);
        delivered.clear();
        reporting.clear();
        unaccounted.clear();
        unpriced.clear();
        runStartedAtMillis = nowEpochMillis;
    }

    /** Locust's /stats/reset: empty stats; reports merged before still count as delivered. */
    void reset(long nowEpochMillis) {
        aggregator.reset(nowEpochMillis);
        history.clear();
        mergedRequests.clear();
    }

    /** Merges a worker's report unless it was merged before. */
    void merge(StatsReport report) {
        merge(report, StatsAggregator.decode(report.delta()));
    }

    /**
     * {@link #merge(StatsReport)} with the report's histograms already decoded
     * ({@link StatsAggregator#decode}, done by the caller outside any lock): only additions here.
     */
    void merge(StatsReport report, StatsAggregator.Decoded decoded) {
        if (delivered.deliver(report, delta -> aggregator.merge(decoded))) {
            long requests = 0;
            for (StatsDelta.EntryDelta entry : report.delta().entries()) {
                requests += entry.numRequests();
            }
            mergedRequests.merge(report.workerId(), requests, Long::sum);
            // On the worker's clock (the delta's own interval), not the arrival time here: a report
            // arrives a link latency after the worker drained it, and what the worker did in that
            // latency is part of what a death takes along.
            StatsDelta delta = report.delta();
            long intervalMillis = Math.max(1, delta.endEpochMillis() - delta.startEpochMillis());
            reporting.put(report.workerId(), new Reporting(delta.endEpochMillis(), intervalMillis,
                    requests * 1000.0 / intervalMillis, report.last()));
            long reported = requests;
            // A report of the window taken for lost arriving after all (in flight when the link was dropped)
            // is accounted now; the reports of a worker that came back and runs a new share cover later
            // intervals and leave the estimate alone.
            unaccounted.computeIfPresent(report.workerId(), (id, loss) -> delta.startEpochMillis() < loss.untilMillis()
                    ? new Loss(Math.max(0, loss.requests() - reported), loss.untilMillis()) : loss);
            unpriced.computeIfPresent(report.workerId(), (id, loss) -> delta.startEpochMillis() < loss.untilMillis()
                    ? null : loss); // its own report of the window came after all
        }
    }

    /**
     * A worker of this run is gone without its last report: estimates what it did since its last
     * report, and counts it as unaccounted for. Null when it sent its last report.
     *
     * @param diedAtMillis when it was last known alive
     * @param silent       it went silent (frozen, cut off) instead of closing its connection: it may have
     *                     worked on after its last frame, until its next report was due, so the window is
     *                     at least one report interval (what the report says may be lost is an upper bound)
     * @param peerRate     the rate its share makes at its peers' pace: taken when its own last report counted
     *                     no request
     * @param weight       its share's weight: what its loss is priced with when no pace is known yet
     */
    Unaccounted workerLost(String workerId, long diedAtMillis, boolean silent, double peerRate, double weight) {
        Reporting last = reporting.get(workerId);
        if (last != null && last.lastSent()) {
            return null;
        }
        if (last == null) {
            // No report at all: nothing to take a rate from, but it was there since the run started.
            last = new Reporting(runStartedAtMillis, 0, 0, false);
        }
        long window = Math.max(0, diedAtMillis - last.reportedUntilMillis());
        if (silent) {
            window = Math.max(window, last.intervalMillis());
        }
        // Its own pace is the best evidence; only a worker with no loaded report yet (killed early in a
        // ramp) is taken at its peers' pace, because its zero says nothing about what it went on to do.
        double rate = last.requestsPerSecond() > 0 ? last.requestsPerSecond() : peerRate;
        long estimate = Math.round(rate * window / 1000.0);
        long until = last.reportedUntilMillis() + window;
        if (rate == 0 && window > 0) {
            unpriced.put(workerId, new UnpricedLoss(diedAtMillis, window, until, weight));
        }
        unaccounted.merge(workerId, new Loss(estimate, until), (was, now) -> was.plus(now.requests(), until));
        return new Unaccounted(estimate, rate, window);
    }

    /** Whether a loss waits for a pace to be priced with ({@link #priceUnpricedLosses}). */
    boolean hasUnpricedLosses() {
        return !unpriced.isEmpty();
    }

    /**
     * Prices the losses no pace was known for at the death (see {@link UnpricedLoss}) once peers have
     * reported an interval that began after it with requests in it: their rate per weight × the
     * lost share's weight × its window.
     *
     * @param liveWeights the weights of the shares workers hold now, by worker id
     * @return the losses priced by this call (for the log)
     */
    List<PricedLoss> priceUnpricedLosses(Map<String, Double> liveWeights) {
        if (unpriced.isEmpty()) {
            return List.of();
        }
        List<PricedLoss> priced = new ArrayList<>();
        for (Map.Entry<String, UnpricedLoss> entry : unpriced.entrySet()) {
            UnpricedLoss loss = entry.getValue();
            double rate = 0;
            double weight = 0;
            for (Map.Entry<String, Double> peer : liveWeights.entrySet()) {
                Reporting last = reporting.get(peer.getKey());
                if (last != null && last.requestsPerSecond() > 0
                        && last.reportedUntilMillis() - last.intervalMillis() >= loss.diedAtMillis()) {
                    rate += last.requestsPerSecond();
                    weight += peer.getValue();
                }
            }
            if (weight > 0 && unpriced.remove(entry.getKey(), loss)) {
                double lostRate = rate / weight * loss.weight();
                long estimate = Math.round(lostRate * loss.windowMillis() / 1000.0);
                unaccounted.merge(entry.getKey(), new Loss(estimate, loss.untilMillis()),
                        (was, now) -> was.plus(now.requests(), now.untilMillis()));
                priced.add(new PricedLoss(entry.getKey(), new Unaccounted(estimate, lostRate, loss.windowMillis())));
            }
        }
        return priced;
    }

    /** The worker's rate over its last report interval in this run; 0 before its first report. */
    double lastRate(String workerId) {
        Reporting last = reporting.get(workerId);
        return last == null ? 0 : last.requestsPerSecond();
    }

    /** The estimate of requests made but never reported by workers that died in this run. */
    public long unaccountedRequests() {
        long sum = 0;
        for (Loss loss : unaccounted.values()) {
            sum += loss.requests();
        }
        return sum;
    }

    /** Merges the requests the coordinator made itself (setup, teardown): delivered once by construction. */
    void mergeOwn(StatsDelta delta) {
        aggregator.merge(delta);
    }

    /** Appends the stats of now to the history. */
    HistorySample sample(long nowEpochMillis, int userCount) {
        return history.sample(snapshot(nowEpochMillis), userCount);
    }

    /** Appends an already taken snapshot to the history. */
    void sample(StatsSnapshot snapshot, int userCount) {
        history.add(HistorySample.of(snapshot, userCount));
    }

    public StatsSnapshot snapshot(long nowEpochMillis) {
        return aggregator.snapshot(nowEpochMillis);
    }

    public StatsHistory history() {
        return history;
    }

    public long mergedRequests(String workerId) {
        return mergedRequests.getOrDefault(workerId, 0L);
    }
}
