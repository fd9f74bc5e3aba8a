package io.stampede.coordinator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.stampede.core.link.ShareLimited;
import io.stampede.core.load.Rate;
import io.stampede.core.stats.IterationStats;
import io.stampede.core.stats.StatsSnapshot;

/**
 * Says when the load generator, not the target, limits a run: a user who asks for 2,000
 * iterations/s must get them or be told why not. Open model: iterations dropped at the
 * in-flight cap, or an achieved rate clearly behind the requested one; both models: a worker
 * whose CPU is close to its ceiling (its latencies then include its own queueing).
 */
public final class GeneratorHealth {

    /** Below this share of the requested rate the run is behind schedule (not rounding or ramp noise). */
    static final double BEHIND_SCHEDULE = 0.95;
    /** A p99 schedule lag above this means the workers themselves start iterations late. */
    static final double LATE_SCHEDULE_MILLIS = 10;
    /** Worker CPU (share of all its cores) from which its own scheduling delays the load. */
    static final double BUSY_CPU = 0.90;

    private GeneratorHealth() {
    }

    /** The warnings that hold now; empty when the generator keeps up. */
    public static List<String> warnings(StatsSnapshot snapshot, RunStatusView status) {
        List<String> warnings = new ArrayList<>();
        IterationStats iterations = snapshot.iterations();
        if (iterations.currentDropRate() > 0) {
            warnings.add(String.format(Locale.ROOT, "%s of iterations dropped: the in-flight cap (max_in_flight) is full"
                    + " and its queue (max_queue) too; the target answers too slowly for this rate, or the cap is too low",
                    Rate.format(round(iterations.currentDropRate()))));
        }
        double requested = status.requestedRate();
        if (requested > 0 && iterations.currentRate() > 0 && iterations.currentRate() < requested * BEHIND_SCHEDULE
                && iterations.currentDropRate() == 0) {
            warnings.add(String.format(Locale.ROOT, "achieved %s of the requested %s: iterations wait for a free slot"
                            + " (see corrected latencies) or the workers cannot keep up",
                    Rate.format(round(iterations.currentRate())), Rate.format(round(requested))));
        }
        double lagP99 = iterations.scheduleLag().percentileMillis(0.99);
        if (lagP99 > LATE_SCHEDULE_MILLIS) {
            warnings.add(String.format(Locale.ROOT, "the workers notice due iterations late (p99 %.1f ms behind"
                    + " schedule): their event loops are busy; add workers or CPU", lagP99));
        }
        for (RunStatusView.WorkerRow worker : status.workers()) {
            if (worker.cores() > 0 && !"missing".equals(worker.state())
                    && worker.cpuUsage() >= BUSY_CPU * 100 * worker.cores()) {
                warnings.add(String.format(Locale.ROOT, "worker %s uses %.0f%% CPU of %d core(s): the generator may be"
                        + " the limit, add workers", worker.id(), worker.cpuUsage(), worker.cores()));
            }
        }
        warnings.addAll(runWarnings(status));
        return List.copyOf(warnings);
    }

    /**
     * The warnings that stay true of the whole run (also in the HTML report, after it ended): shares
     * workers refused, requests dead workers may have taken along.
     */
    public static List<String> runWarnings(RunStatusView status) {
        List<String> warnings = new ArrayList<>();
        for (ShareLimited limited : status.limitedShares()) {
            warnings.add(limited(limited));
        }
        if (status.unaccountedRequests() > 0) {
            warnings.add(unaccounted(status.unaccountedRequests()));
        }
        return warnings;
    }

    /** The warning of a share a worker could not hold. */
    public static String limited(ShareLimited limited) {
        return String.format(Locale.ROOT, "worker %s refused %d of the %d %s asked of it and runs %d, limited by its"
                        + " %s", limited.workerId(), limited.refused(), limited.asked(), limited.unit(), limited.accepted(),
                limited.reason());
    }

    /** The warning of requests that workers which died without a last report may have made. */
    public static String unaccounted(long requests) {
        return String.format(Locale.ROOT, "about %d request(s) may be unaccounted for: a worker died without its last"
                + " report (estimated from its last reported rate and the time since its last report)", requests);
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 10) / 10.0;
    }
}
