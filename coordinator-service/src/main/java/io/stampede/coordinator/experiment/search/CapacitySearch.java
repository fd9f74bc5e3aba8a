package io.stampede.coordinator.experiment.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import io.stampede.coordinator.experiment.search.ProbePoint.Phase;
import io.stampede.coordinator.experiment.search.SearchResult.Outcome;

/**
 * Finds the highest open-model rate a target sustains within an {@link Slo}: raises the rate
 * along the {@link SearchPlan} until a step breaks the SLO, then bisects between the last good
 * and the first bad rate until they are within the plan's precision. Assumes that a higher
 * rate never does better than a lower one (a queue's latency only grows with its load); a noisy
 * step that breaks that simply moves the bisection's bounds, the result stays a rate that was
 * measured to meet the SLO.
 *
 * <p>Steps: at most {@code log_factor(maxRate/startRate) + 1} ramp steps plus
 * {@code ceil(log2(ratio / precision))} bisection steps, where ratio is the last ramp interval's
 * relative width (1 for doubling) — and never more than {@code maxProbes}, plus the optional warm-up.
 */
public final class CapacitySearch {

    private final SearchPlan plan;
    private final Slo slo;

    public CapacitySearch(SearchPlan plan, Slo slo) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.slo = Objects.requireNonNull(slo, "slo");
    }

    /**
     * Runs the search with {@code probe}; a probe that throws ends the search with that exception,
     * except {@link SearchStoppedException}: a {@link Outcome#STOPPED} result with the steps so far.
     */
    public SearchResult run(RateProbe probe) throws Exception {
        return run(probe, point -> { });
    }

    /** As {@link #run(RateProbe)}, telling {@code progress} about every step as soon as it is measured. */
    public SearchResult run(RateProbe probe, Consumer<ProbePoint> progress) throws Exception {
        List<ProbePoint> points = new ArrayList<>();
        try {
            return search(probe, progress, points);
        } catch (SearchStoppedException e) {
            return SearchResult.partial(points, Outcome.STOPPED, slo, plan);
        }
    }

    private SearchResult search(RateProbe probe, Consumer<ProbePoint> progress, List<ProbePoint> points) throws Exception {
        if (plan.warmUp().isPositive()) {
            ProbeResult warm = probe.probe(plan.startRate(), plan.warmUp());
            ProbePoint point = new ProbePoint(Phase.WARMUP, plan.startRate(), warm, slo.breaches(warm));
            points.add(point);
            progress.accept(point);
        }
        double lastGood = Double.NaN;
        double firstBad = Double.NaN;
        double rate = plan.startRate();
        while (judged(points) < plan.maxProbes()) {
            ProbePoint point = measure(probe, rate, Phase.RAMP, points, progress);
            if (!point.meetsSlo()) {
                firstBad = rate;
                break;
            }
            lastGood = rate;
            if (rate >= plan.maxRate()) {
                return result(lastGood, firstBad, Outcome.MAX_RATE_SUSTAINED, points);
            }
            rate = plan.next(rate);
        }
        if (Double.isNaN(lastGood)) {
            return result(lastGood, firstBad, Double.isNaN(firstBad) ? Outcome.PROBES_EXHAUSTED : Outcome.START_RATE_BROKE, points);
        }
        while (Double.isNaN(firstBad) || (firstBad - lastGood) / lastGood > plan.precision()) {
            if (judged(points) >= plan.maxProbes() || Double.isNaN(firstBad)) {
                return result(lastGood, firstBad, Outcome.PROBES_EXHAUSTED, points);
            }
            double mid = (lastGood + firstBad) / 2;
            if (measure(probe, mid, Phase.BISECT, points, progress).meetsSlo()) {
                lastGood = mid;
            } else {
                firstBad = mid;
            }
        }
        return result(lastGood, firstBad, Outcome.CONVERGED, points);
    }

    private static long judged(List<ProbePoint> points) {
        return points.stream().filter(ProbePoint::judged).count();
    }

    private ProbePoint measure(RateProbe probe, double rate, Phase phase, List<ProbePoint> points,
                               Consumer<ProbePoint> progress) throws Exception {
        ProbeResult measured = probe.probe(rate, plan.hold());
        ProbePoint point = new ProbePoint(phase, rate, measured, slo.breaches(measured));
        points.add(point);
        progress.accept(point);
        return point;
    }

    private SearchResult result(double lastGood, double firstBad, Outcome outcome, List<ProbePoint> points) {
        return new SearchResult(Double.isNaN(lastGood) ? OptionalDouble.empty() : OptionalDouble.of(lastGood),
                Double.isNaN(firstBad) ? OptionalDouble.empty() : OptionalDouble.of(firstBad), outcome, points, slo, plan);
    }
}
