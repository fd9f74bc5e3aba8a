package io.stampede.coordinator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.stampede.core.load.LoadModel;
import io.stampede.core.stats.StatsSnapshot;

/**
 * The open model's figures of a whole run, for the end-of-run console summary and the HTML
 * report: what was asked for, what the generator delivered, what it dropped. Rates are means over
 * the run (the live {@code achieved_rate} is the last ~10 s, which falls to 0 once the run ends).
 *
 * @param shape               the rate as written ({@code 500/s}, stages ...); null when the model is unknown
 * @param requestedIterations iterations the rate profile made due during the run; NaN when the model is unknown
 * @param seconds             the run's length
 * @param started             iterations started, on time or late
 * @param dropped             iterations due but dropped at the in-flight cap and its queue
 * @param scheduleLagP99Millis how late the workers noticed due iterations, p99
 */
public record OpenModelSummary(String shape, double requestedIterations, double seconds, long started, long dropped,
                               double scheduleLagP99Millis) {

    /** Below this share of the requested iterations the summary says the generator fell behind. */
    static final double BEHIND_SCHEDULE = GeneratorHealth.BEHIND_SCHEDULE;

    /**
     * The summary of an open-model run; empty for a closed-model run (or one whose model is unknown
     * and started no iteration).
     */
    public static Optional<OpenModelSummary> of(ReportInfo info, StatsSnapshot snapshot) {
        double seconds = Math.max(0, info.endEpochMillis() - info.startEpochMillis()) / 1000.0;
        long started = snapshot.iterations().started();
        long dropped = snapshot.iterations().dropped();
        double lag = snapshot.iterations().scheduleLag().percentileMillis(0.99);
        if (info.load() instanceof LoadModel.Open open) {
            double due = open.profile().countAt(Math.round(seconds * 1e9));
            return Optional.of(new OpenModelSummary(open.describe(), due, seconds, started, dropped, lag));
        }
        if (info.load() == null && (started > 0 || dropped > 0)) {
            return Optional.of(new OpenModelSummary(null, Double.NaN, seconds, started, dropped, lag));
        }
        return Optional.empty();
    }

    public boolean requestedKnown() {
        return !Double.isNaN(requestedIterations);
    }

    /** Mean iterations/s the profile asked for over the run; NaN when unknown. */
    public double requestedRate() {
        return seconds <= 0 ? 0 : requestedIterations / seconds;
    }

    /** Mean iterations/s started over the run. */
    public double achievedRate() {
        return seconds <= 0 ? 0 : started / seconds;
    }

    /** What went wrong on the generator's side over the whole run; empty when it kept up. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (dropped > 0) {
            warnings.add(String.format(Locale.ROOT, "%d iteration(s) dropped: the in-flight cap (max_in_flight) and its"
                    + " queue (max_queue) were full; the target answered too slowly for this rate, or the cap is too low",
                    dropped));
        }
        if (requestedKnown() && requestedIterations >= 1 && started + dropped < requestedIterations * BEHIND_SCHEDULE) {
            warnings.add(String.format(Locale.ROOT, "started %d of the %.0f iterations due: the generator fell behind"
                    + " schedule (see corrected latencies); add workers or CPU", started, requestedIterations));
        }
        if (scheduleLagP99Millis > GeneratorHealth.LATE_SCHEDULE_MILLIS) {
            warnings.add(String.format(Locale.ROOT, "the workers noticed due iterations late (p99 %.1f ms behind"
                    + " schedule): their event loops were busy; add workers or CPU", scheduleLagP99Millis));
        }
        return List.copyOf(warnings);
    }

    /** The console lines: model, requested vs achieved, dropped, then one line per warning. */
    public String render() {
        StringBuilder out = new StringBuilder("Open model");
        if (shape != null) {
            out.append(": ").append(shape);
        }
        out.append('\n');
        if (requestedKnown()) {
            out.append(String.format(Locale.ROOT, "  requested: %.2f iterations/s (%.0f iterations due in %.1f s)%n",
                    requestedRate(), requestedIterations, seconds));
        }
        out.append(String.format(Locale.ROOT, "  achieved:  %.2f iterations/s (%d iterations started)%n",
                achievedRate(), started));
        out.append(String.format(Locale.ROOT, "  dropped:   %d iteration(s)%n", dropped));
        for (String warning : warnings()) {
            out.append("  warning: ").append(warning).append('\n');
        }
        return out.toString();
    }
}
