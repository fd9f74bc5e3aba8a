package io.stampede.coordinator.experiment.search;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of a capacity search.
 *
 * @param sustainableRate the highest rate that met the SLO; empty when even the start rate broke it
 * @param firstBreakingRate the lowest rate that broke it; empty when none did (up to maxRate)
 * @param outcome         how the search ended
 * @param points          every step in the order it ran (the latency-vs-rate knee chart's data)
 * @param slo             the SLO the steps were judged by
 * @param plan            the plan the search followed
 */
public record SearchResult(OptionalDouble sustainableRate, OptionalDouble firstBreakingRate, Outcome outcome,
                           List<ProbePoint> points, Slo slo, SearchPlan plan) {

    public enum Outcome {
        /** Last good and first bad are within the plan's precision: the sustainable rate is the knee. */
        CONVERGED,
        /** maxRate met the SLO: the target's capacity is at least that, the search did not look further. */
        MAX_RATE_SUSTAINED,
        /** The start rate already broke the SLO: nothing sustainable found. */
        START_RATE_BROKE,
        /** maxProbes ran out before the bisection converged: the sustainable rate is a lower bound. */
        PROBES_EXHAUSTED,
        /** Stopped from outside (Ctrl-C, the UI) before it ended: the sustainable rate is a lower bound. */
        STOPPED,
        /** A step could not run (its setup failed, it did not end): the sustainable rate is a lower bound. */
        FAILED
    }

    public SearchResult {
        points = List.copyOf(points);
    }

    /**
     * The result of a search cut short after {@code points}: the highest rate that met the SLO
     * and the lowest judged one that broke it (a search only bisects between those two, so they
     * are its bounds whatever order the steps ran in).
     */
    public static SearchResult partial(List<ProbePoint> points, Outcome outcome, Slo slo, SearchPlan plan) {
        OptionalDouble lastGood = points.stream().filter(ProbePoint::meetsSlo).mapToDouble(ProbePoint::rate).max();
        OptionalDouble firstBad = points.stream().filter(p -> p.judged() && !p.meetsSlo()).mapToDouble(ProbePoint::rate).min();
        return new SearchResult(lastGood, firstBad, outcome, points, slo, plan);
    }

    /**
     * True when the search showed the target sustains at least {@code requiredRate}: the
     * headless exit code's verdict (0 when met, 1 otherwise).
     */
    public boolean meetsMinimum(double requiredRate) {
        return sustainableRate.isPresent() && sustainableRate.getAsDouble() >= requiredRate;
    }

    /** The measurement at the sustainable rate. */
    public Optional<ProbePoint> sustainablePoint() {
        if (sustainableRate.isEmpty()) {
            return Optional.empty();
        }
        return points.stream().filter(ProbePoint::meetsSlo)
                .filter(p -> p.rate() == sustainableRate.getAsDouble()).findFirst();
    }
}
